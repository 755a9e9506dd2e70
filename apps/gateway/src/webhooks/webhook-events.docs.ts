import type { OperationObject, ParameterObject, SchemaObject } from '@nestjs/swagger';
import {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_EVENT_TYPE,
  WebhookBookingData,
  WebhookEventType,
  WebhookMessageBody,
  WebhookPayoutData,
  WebhookReminderData,
  WebhookTestData,
} from '@slotline/contracts';
import { NamedSchema, defineObjectSchema, ref } from '../openapi/named-schema';

const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const utc: SchemaObject = { type: 'string', format: 'date-time', description: 'UTC instant.' };
const nullableUtc: SchemaObject = { ...utc, nullable: true };
const nullableString: SchemaObject = { type: 'string', nullable: true };
const version1: SchemaObject = {
  type: 'integer',
  enum: [1],
  description: 'The payload schema version; a breaking change comes as a new event version.',
};

const BookingDataSchema = defineObjectSchema<WebhookBookingData>('WebhookBookingDataV1', {
  schema_version: version1,
  assignment_id: uuid,
  job_id: uuid,
  practitioner_id: uuid,
  provider_user_id: { ...uuid, description: 'The provider whose assignment it is.' },
  customer_id: uuid,
  status: { type: 'string', description: "The assignment's status after the change." },
  schedule_version: {
    type: 'integer',
    minimum: 0,
    description: 'Rises with every schedule change: use it (not arrival order) to order updates.',
  },
  time_zone: { type: 'string', description: 'IANA zone of the visit (the practitioner’s).' },
  price_amount: { type: 'integer', minimum: 0, description: 'Minor units.' },
  currency: { type: 'string', minLength: 3, maxLength: 3 },
  proposed_start: nullableUtc,
  proposed_end: nullableUtc,
  proposed_by: { type: 'string', nullable: true, enum: ['customer', 'provider', 'admin'] },
  scheduled_start: nullableUtc,
  scheduled_end: nullableUtc,
  previous_start: { ...nullableUtc, description: 'booking.rescheduled: the window it replaced.' },
  previous_end: nullableUtc,
  reason: nullableString,
});

const ReminderDataSchema = defineObjectSchema<WebhookReminderData>('WebhookReminderDataV1', {
  schema_version: version1,
  reminder_id: uuid,
  assignment_id: uuid,
  job_id: uuid,
  practitioner_id: uuid,
  provider_user_id: uuid,
  customer_id: uuid,
  time_zone: { type: 'string' },
  schedule_version: { type: 'integer', minimum: 0 },
  awaiting_since: { ...nullableUtc, description: 'When the assignment started waiting for a schedule.' },
});

const PayoutDataSchema = defineObjectSchema<WebhookPayoutData>('WebhookPayoutDataV1', {
  schema_version: version1,
  payout_id: uuid,
  assignment_id: uuid,
  job_id: uuid,
  provider_user_id: { ...uuid, description: 'The provider who is paid.' },
  practitioner_id: uuid,
  customer_id: uuid,
  amount_minor: { type: 'integer', minimum: 0 },
  currency: { type: 'string', minLength: 3, maxLength: 3 },
  status: { type: 'string', enum: ['approved', 'denied', 'captured'] },
  reason: { ...nullableString, description: 'Why it was denied.' },
  reference: { ...nullableString, description: "The payment provider's reference once captured." },
});

const TestDataSchema = defineObjectSchema<WebhookTestData>('WebhookTestDataV1', {
  schema_version: version1,
  endpoint_id: uuid,
  message: { type: 'string' },
});

function messageSchema(name: string, types: readonly string[], data: NamedSchema): NamedSchema {
  return defineObjectSchema<WebhookMessageBody<unknown>>(name, {
    type: { type: 'string', enum: [...types] },
    timestamp: { ...utc, description: 'When the event happened (not when this attempt was sent).' },
    data,
  });
}

interface EventDoc {
  summary: string;
  body: NamedSchema;
}

const byFamily = (prefix: string) => WEBHOOK_EVENT_TYPES.filter((t) => t.startsWith(prefix));
const BookingEvent = messageSchema('WebhookBookingEventV1', byFamily('booking.'), BookingDataSchema);
const ReminderEvent = messageSchema('WebhookReminderEventV1', byFamily('reminder.'), ReminderDataSchema);
const PayoutEvent = messageSchema('WebhookPayoutEventV1', byFamily('payout.'), PayoutDataSchema);
const TestEvent = messageSchema('WebhookTestEventV1', [WEBHOOK_TEST_EVENT_TYPE], TestDataSchema);

const EVENTS: Record<WebhookEventType | typeof WEBHOOK_TEST_EVENT_TYPE, EventDoc> = {
  'booking.proposed': { summary: 'A window was proposed for a visit', body: BookingEvent },
  'booking.confirmed': { summary: 'A visit was booked', body: BookingEvent },
  'booking.rescheduled': { summary: 'A booked visit moved to a new window', body: BookingEvent },
  'booking.cancelled': { summary: 'A visit was cancelled', body: BookingEvent },
  'booking.completed': { summary: 'A visit was completed', body: BookingEvent },
  'booking.rejected': { summary: 'A provider rejected an assignment', body: BookingEvent },
  'reminder.overdue': { summary: 'An assignment waited past the scheduling SLA', body: ReminderEvent },
  'payout.approved': { summary: 'A payout was approved', body: PayoutEvent },
  'payout.denied': { summary: 'A payout was denied', body: PayoutEvent },
  'payout.captured': { summary: 'A payout was paid out', body: PayoutEvent },
  [WEBHOOK_TEST_EVENT_TYPE]: { summary: 'A test event (POST …/test); not subscribable', body: TestEvent },
};

const HEADERS: ParameterObject[] = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description: 'The event id: the same on every retry, redelivery and replay. Deduplicate on it.',
    schema: { type: 'string', format: 'uuid' },
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description: 'Unix seconds of this attempt; refuse requests more than 5 minutes off (replay protection).',
    schema: { type: 'string', pattern: '^\\d+$' },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      'Space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per secret (two during a rotation).',
    schema: { type: 'string' },
  },
];

/**
 * The `webhooks` section of the OpenAPI 3.1 document (GW-8): one entry per event type, with the
 * Standard Webhooks headers and the versioned payload, so consumers can generate receiver types.
 */
export function webhookEventsDocumentation(): Record<string, { post: OperationObject }> {
  return Object.fromEntries(
    Object.entries(EVENTS).map(([type, doc]) => [
      type,
      {
        post: {
          operationId: `webhook_${type.replace(/\./g, '_')}`,
          tags: ['Webhooks'],
          summary: doc.summary,
          description: `Sent to endpoints subscribed to \`${type}\`. Verify it with a Standard Webhooks library (docs/api/webhooks.md).`,
          security: [],
          parameters: HEADERS,
          requestBody: { required: true, content: { 'application/json': { schema: ref(doc.body) } } },
          // Only the success answer is listed: what a receiver answers is its own (problem+json or not).
          responses: {
            '200': {
              description:
                'Any 2xx marks the delivery done. 410 Gone disables the endpoint; 429 and 503 may carry Retry-After; anything else is retried.',
            },
          },
        },
      },
    ]),
  );
}
