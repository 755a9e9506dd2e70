import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CallMeta,
  CreateWebhookEndpointBody,
  ListWebhookAttemptsCommand,
  ReplayWebhookEventsCommand,
  RotateWebhookSecretCommand,
  UpdateWebhookEndpointCommand,
  WEBHOOK_RPC,
  WebhookDeliveryParams,
  WebhookEndpointRef,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/** The webhook endpoints API over NATS; the gateway's /v1/webhooks routes call it. */
@Controller()
export class WebhooksController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @RpcHandler(WEBHOOK_RPC.create)
  create(@Payload() body: CreateWebhookEndpointBody, @Meta() meta: CallMeta) {
    return this.endpoints.create(body, meta);
  }

  @RpcHandler(WEBHOOK_RPC.list)
  list(@Payload() _body: Record<string, never>, @Meta() meta: CallMeta) {
    return this.endpoints.list(meta);
  }

  @RpcHandler(WEBHOOK_RPC.get)
  get(@Payload() ref: WebhookEndpointRef, @Meta() meta: CallMeta) {
    return this.endpoints.get(ref.id, meta);
  }

  @RpcHandler(WEBHOOK_RPC.update)
  update(@Payload() cmd: UpdateWebhookEndpointCommand, @Meta() meta: CallMeta) {
    return this.endpoints.update(cmd, meta);
  }

  @RpcHandler(WEBHOOK_RPC.remove)
  remove(@Payload() ref: WebhookEndpointRef, @Meta() meta: CallMeta) {
    return this.endpoints.remove(ref.id, meta);
  }

  @RpcHandler(WEBHOOK_RPC.rotateSecret)
  rotateSecret(@Payload() cmd: RotateWebhookSecretCommand, @Meta() meta: CallMeta) {
    return this.endpoints.rotateSecret(cmd, meta);
  }

  @RpcHandler(WEBHOOK_RPC.listAttempts)
  listAttempts(@Payload() cmd: ListWebhookAttemptsCommand, @Meta() meta: CallMeta) {
    return this.endpoints.listAttempts(cmd, meta);
  }

  @RpcHandler(WEBHOOK_RPC.redeliver)
  redeliver(@Payload() params: WebhookDeliveryParams, @Meta() meta: CallMeta) {
    return this.endpoints.redeliver(params, meta);
  }

  @RpcHandler(WEBHOOK_RPC.replay)
  replay(@Payload() cmd: ReplayWebhookEventsCommand, @Meta() meta: CallMeta) {
    return this.endpoints.replay(cmd, meta);
  }

  @RpcHandler(WEBHOOK_RPC.sendTest)
  sendTest(@Payload() ref: WebhookEndpointRef, @Meta() meta: CallMeta) {
    return this.endpoints.sendTest(ref.id, meta);
  }
}
