import type { SchemaObject } from '@nestjs/swagger';
import {
  WEBHOOK_ATTEMPT_OUTCOMES,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_SCOPES,
  WebhookAttemptView,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEndpointWithSecretView,
  WebhookReplayView,
} from '@slotline/contracts';
import { defineObjectSchema, pageSchema } from '../openapi';

const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const instant: SchemaObject = { type: 'string', format: 'date-time' };
const nullableInstant: SchemaObject = { ...instant, nullable: true };
const eventTypes: SchemaObject = {
  type: 'array',
  items: { type: 'string', enum: [...WEBHOOK_EVENT_TYPES] },
  description: 'The event types the endpoint receives (see the `webhooks` section).',
};

const endpointFields = {
  id: uuid,
  url: { type: 'string', format: 'uri', example: 'https://example.com/slotline/webhooks' },
  description: { type: 'string', nullable: true },
  event_types: eventTypes,
  enabled: { type: 'boolean' },
  scope: {
    type: 'string',
    enum: [...WEBHOOK_SCOPES],
    description:
      "`platform` (an admin's: every event) or `provider` (only the owner's assignments and payouts).",
  },
  owner_user_id: uuid,
  disabled_reason: {
    type: 'string',
    nullable: true,
    description:
      '`gone` (the endpoint answered 410) or `failing` (no success for 5 days); null while enabled.',
  },
  disabled_at: nullableInstant,
  previous_secret_expires_at: {
    ...nullableInstant,
    description: 'While a rotation overlaps: when the previous secret stops signing.',
  },
  created_at: instant,
  updated_at: instant,
} satisfies Record<keyof WebhookEndpointView, SchemaObject>;

export const WebhookEndpointSchema = defineObjectSchema<WebhookEndpointView>(
  'WebhookEndpoint',
  endpointFields,
);

export const WebhookEndpointWithSecretSchema = defineObjectSchema<WebhookEndpointWithSecretView>(
  'WebhookEndpointWithSecret',
  {
    ...endpointFields,
    secret: {
      type: 'string',
      pattern: '^whsec_[A-Za-z0-9+/]{43}=$',
      description:
        'The signing secret (`whsec_` + base64 of 32 bytes). Shown only in this answer; store it now.',
    },
  },
);

export const WebhookAttemptSchema = defineObjectSchema<WebhookAttemptView>('WebhookAttempt', {
  id: uuid,
  delivery_id: uuid,
  event_id: { ...uuid, description: 'The `webhook-id` header: the same on every attempt of the event.' },
  event_type: { type: 'string' },
  attempt: { type: 'integer', minimum: 1 },
  attempted_at: instant,
  outcome: { type: 'string', enum: [...WEBHOOK_ATTEMPT_OUTCOMES] },
  status_code: { type: 'integer', nullable: true },
  latency_ms: { type: 'integer', minimum: 0 },
  response_body: { type: 'string', nullable: true, description: 'The first 1 KB of the response body.' },
  error: { type: 'string', nullable: true },
});

export const WebhookAttemptPageSchema = pageSchema(WebhookAttemptSchema);

export const WebhookDeliverySchema = defineObjectSchema<WebhookDeliveryView>('WebhookDelivery', {
  id: uuid,
  endpoint_id: uuid,
  event_id: uuid,
  event_type: { type: 'string' },
  status: { type: 'string', enum: [...WEBHOOK_DELIVERY_STATUSES] },
  attempts: { type: 'integer', minimum: 0 },
  next_attempt_at: nullableInstant,
});

export const WebhookReplaySchema = defineObjectSchema<WebhookReplayView>('WebhookReplay', {
  queued: { type: 'integer', minimum: 0, description: 'Deliveries queued for the endpoint.' },
});
