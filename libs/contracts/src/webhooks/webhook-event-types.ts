/**
 * The public webhook event types (GW-8). Each is a documented, versioned payload: `booking.*` carry a
 * {@link WebhookBookingData}, `reminder.overdue` a {@link WebhookReminderData}, `payout.*` a
 * {@link WebhookPayoutData}. A breaking change to a payload gets a new `*.v2` schema, never an edit.
 */
export const WEBHOOK_EVENT_TYPES = [
  'booking.proposed',
  'booking.confirmed',
  'booking.rescheduled',
  'booking.cancelled',
  'booking.completed',
  'booking.rejected',
  'reminder.overdue',
  'payout.approved',
  'payout.denied',
  'payout.captured',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by "send a test event"; endpoints need not subscribe to it. */
export const WEBHOOK_TEST_EVENT_TYPE = 'webhook.test';

/** Payload schema version of every current event type (the `data.schema_version` field). */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** The body of every delivery: `{type, timestamp, data}` as Standard Webhooks recommends. */
export interface WebhookMessageBody<T = WebhookEventData> {
  /** One of WEBHOOK_EVENT_TYPES, or `webhook.test`. */
  type: string;
  /** When the event happened (ISO 8601, UTC). */
  timestamp: string;
  data: T;
}

export interface WebhookBookingData {
  schema_version: 1;
  assignment_id: string;
  job_id: string;
  practitioner_id: string;
  provider_user_id: string;
  customer_id: string;
  status: string;
  schedule_version: number;
  time_zone: string;
  price_amount: number;
  currency: string;
  proposed_start: string | null;
  proposed_end: string | null;
  proposed_by: string | null;
  scheduled_start: string | null;
  scheduled_end: string | null;
  previous_start: string | null;
  previous_end: string | null;
  reason: string | null;
}

export interface WebhookReminderData {
  schema_version: 1;
  reminder_id: string;
  assignment_id: string;
  job_id: string;
  practitioner_id: string;
  provider_user_id: string;
  customer_id: string;
  time_zone: string;
  schedule_version: number;
  awaiting_since: string | null;
}

export interface WebhookPayoutData {
  schema_version: 1;
  payout_id: string;
  assignment_id: string;
  job_id: string;
  provider_user_id: string;
  practitioner_id: string;
  customer_id: string;
  amount_minor: number;
  currency: string;
  status: string;
  reason: string | null;
  reference: string | null;
}

export interface WebhookTestData {
  schema_version: 1;
  endpoint_id: string;
  message: string;
}

export type WebhookEventData = WebhookBookingData | WebhookReminderData | WebhookPayoutData | WebhookTestData;
