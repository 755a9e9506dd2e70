import type { Page } from '../pagination/page';
import { defineRpc } from '../rpc/define-rpc';
import {
  CreateWebhookEndpointBody,
  ListWebhookAttemptsCommand,
  ReplayWebhookEventsCommand,
  RotateWebhookSecretCommand,
  UpdateWebhookEndpointCommand,
  WebhookAttemptView,
  WebhookDeliveryParams,
  WebhookDeliveryView,
  WebhookEndpointRef,
  WebhookEndpointView,
  WebhookEndpointWithSecretView,
  WebhookReplayView,
} from './webhook.payloads';

/** Commands and queries of the webhook endpoints API, answered by notifications (GW-8). */
export const WEBHOOK_RPC = {
  create: defineRpc<CreateWebhookEndpointBody, WebhookEndpointWithSecretView>(
    'notifications.webhooks.create',
    { request: CreateWebhookEndpointBody, errors: ['BR_WEBHOOK_URL_REFUSED'] },
  ),
  list: defineRpc<Record<string, never>, WebhookEndpointView[]>('notifications.webhooks.list'),
  get: defineRpc<WebhookEndpointRef, WebhookEndpointView>('notifications.webhooks.get', {
    request: WebhookEndpointRef,
    errors: ['NF_RESOURCE'],
  }),
  update: defineRpc<UpdateWebhookEndpointCommand, WebhookEndpointView>('notifications.webhooks.update', {
    request: UpdateWebhookEndpointCommand,
    errors: ['NF_RESOURCE', 'BR_WEBHOOK_URL_REFUSED'],
  }),
  remove: defineRpc<WebhookEndpointRef, null>('notifications.webhooks.delete', {
    request: WebhookEndpointRef,
    errors: ['NF_RESOURCE'],
  }),
  rotateSecret: defineRpc<RotateWebhookSecretCommand, WebhookEndpointWithSecretView>(
    'notifications.webhooks.rotate_secret',
    { request: RotateWebhookSecretCommand, errors: ['NF_RESOURCE'] },
  ),
  listAttempts: defineRpc<ListWebhookAttemptsCommand, Page<WebhookAttemptView>>(
    'notifications.webhooks.list_attempts',
    { request: ListWebhookAttemptsCommand, errors: ['NF_RESOURCE', 'VAL_CURSOR'] },
  ),
  redeliver: defineRpc<WebhookDeliveryParams, WebhookDeliveryView>('notifications.webhooks.redeliver', {
    request: WebhookDeliveryParams,
    errors: ['NF_RESOURCE'],
  }),
  replay: defineRpc<ReplayWebhookEventsCommand, WebhookReplayView>('notifications.webhooks.replay', {
    request: ReplayWebhookEventsCommand,
    errors: ['NF_RESOURCE', 'BR_RULE_VIOLATED'],
  }),
  sendTest: defineRpc<WebhookEndpointRef, WebhookDeliveryView>('notifications.webhooks.send_test', {
    request: WebhookEndpointRef,
    errors: ['NF_RESOURCE'],
  }),
} as const;
