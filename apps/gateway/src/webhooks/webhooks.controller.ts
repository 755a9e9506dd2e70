import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  CreateWebhookEndpointBody,
  ListWebhookAttemptsQuery,
  Page,
  ReplayWebhookEventsBody,
  RotateWebhookSecretBody,
  UpdateWebhookEndpointBody,
  WEBHOOK_RPC,
  WebhookAttemptView,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEndpointWithSecretView,
  WebhookReplayView,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { Idempotent } from '../idempotency';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { WebhookDeliveryPathParams, WebhookEndpointParams } from './webhooks.params';
import {
  WebhookAttemptPageSchema,
  WebhookDeliverySchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
  WebhookReplaySchema,
} from './webhooks.schemas';

/** GW-8: webhook endpoints. Admins manage platform-wide ones, providers their own. */
@ApiTag(
  'Webhooks',
  'Endpoints that receive signed events (Standard Webhooks); see `docs/api/webhooks.md` and the `webhooks` section.',
)
@Controller('v1/webhooks/endpoints')
export class WebhooksController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @RequirePermission('webhooks:manage')
  @Idempotent()
  @HttpCode(201)
  @ApiResult(WebhookEndpointWithSecretSchema, {
    summary: 'Register a webhook endpoint (the secret is shown once)',
  })
  @ApiErrors(...WEBHOOK_RPC.create.errors)
  create(
    @Body() body: CreateWebhookEndpointBody,
    @Req() req: GatewayRequest,
  ): Promise<WebhookEndpointWithSecretView> {
    return this.rpc.request(WEBHOOK_RPC.create, body, callOf(req));
  }

  @Get()
  @RequirePermission('webhooks:manage')
  @ApiResult([WebhookEndpointSchema], { summary: 'List your webhook endpoints' })
  list(@Req() req: GatewayRequest): Promise<WebhookEndpointView[]> {
    return this.rpc.request(WEBHOOK_RPC.list, {}, callOf(req));
  }

  @Get(':id')
  @RequirePermission('webhooks:manage')
  @ApiResult(WebhookEndpointSchema, { summary: 'Get a webhook endpoint' })
  @ApiErrors(...WEBHOOK_RPC.get.errors)
  get(@Param() params: WebhookEndpointParams, @Req() req: GatewayRequest): Promise<WebhookEndpointView> {
    return this.rpc.request(WEBHOOK_RPC.get, { id: params.id }, callOf(req));
  }

  @Patch(':id')
  @RequirePermission('webhooks:manage')
  @ApiResult(WebhookEndpointSchema, { summary: 'Update a webhook endpoint (enabled: true re-enables it)' })
  @ApiErrors(...WEBHOOK_RPC.update.errors)
  update(
    @Param() params: WebhookEndpointParams,
    @Body() body: UpdateWebhookEndpointBody,
    @Req() req: GatewayRequest,
  ): Promise<WebhookEndpointView> {
    return this.rpc.request(WEBHOOK_RPC.update, { ...body, id: params.id }, callOf(req));
  }

  @Delete(':id')
  @RequirePermission('webhooks:manage')
  @HttpCode(204)
  @ApiResult(null, { summary: 'Delete a webhook endpoint and its delivery log' })
  @ApiErrors(...WEBHOOK_RPC.remove.errors)
  async remove(@Param() params: WebhookEndpointParams, @Req() req: GatewayRequest): Promise<void> {
    await this.rpc.request(WEBHOOK_RPC.remove, { id: params.id }, callOf(req));
  }

  @Post(':id/rotate-secret')
  @RequirePermission('webhooks:manage')
  @HttpCode(200)
  @ApiResult(WebhookEndpointWithSecretSchema, {
    summary: 'Rotate the signing secret (the old one keeps signing for overlap_seconds, default 24 h)',
  })
  @ApiErrors(...WEBHOOK_RPC.rotateSecret.errors)
  rotateSecret(
    @Param() params: WebhookEndpointParams,
    @Body() body: RotateWebhookSecretBody,
    @Req() req: GatewayRequest,
  ): Promise<WebhookEndpointWithSecretView> {
    return this.rpc.request(WEBHOOK_RPC.rotateSecret, { ...body, id: params.id }, callOf(req));
  }

  @Get(':id/attempts')
  @RequirePermission('webhooks:manage')
  @ApiResult(WebhookAttemptPageSchema, { summary: "List the endpoint's delivery attempts, newest first" })
  @ApiErrors(...WEBHOOK_RPC.listAttempts.errors)
  attempts(
    @Param() params: WebhookEndpointParams,
    @Query() query: ListWebhookAttemptsQuery,
    @Req() req: GatewayRequest,
  ): Promise<Page<WebhookAttemptView>> {
    return this.rpc.request(WEBHOOK_RPC.listAttempts, { ...query, id: params.id }, callOf(req));
  }

  @Post(':id/deliveries/:delivery_id/redeliver')
  @RequirePermission('webhooks:manage')
  @HttpCode(202)
  @ApiResult(WebhookDeliverySchema, { summary: 'Send one delivery again (same webhook-id)' })
  @ApiErrors(...WEBHOOK_RPC.redeliver.errors)
  redeliver(
    @Param() params: WebhookDeliveryPathParams,
    @Req() req: GatewayRequest,
  ): Promise<WebhookDeliveryView> {
    return this.rpc.request(
      WEBHOOK_RPC.redeliver,
      { id: params.id, delivery_id: params.delivery_id },
      callOf(req),
    );
  }

  @Post(':id/replay')
  @RequirePermission('webhooks:manage')
  @HttpCode(202)
  @ApiResult(WebhookReplaySchema, { summary: 'Send every event of a time range to the endpoint again' })
  @ApiErrors(...WEBHOOK_RPC.replay.errors)
  replay(
    @Param() params: WebhookEndpointParams,
    @Body() body: ReplayWebhookEventsBody,
    @Req() req: GatewayRequest,
  ): Promise<WebhookReplayView> {
    return this.rpc.request(WEBHOOK_RPC.replay, { ...body, id: params.id }, callOf(req));
  }

  @Post(':id/test')
  @RequirePermission('webhooks:manage')
  @HttpCode(202)
  @ApiResult(WebhookDeliverySchema, { summary: 'Send a webhook.test event to the endpoint' })
  @ApiErrors(...WEBHOOK_RPC.sendTest.errors)
  sendTest(@Param() params: WebhookEndpointParams, @Req() req: GatewayRequest): Promise<WebhookDeliveryView> {
    return this.rpc.request(WEBHOOK_RPC.sendTest, { id: params.id }, callOf(req));
  }
}
