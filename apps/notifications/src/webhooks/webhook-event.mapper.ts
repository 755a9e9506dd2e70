import {
  AssignmentEventData,
  EventEnvelope,
  TypedEventEnvelope,
  PAYOUT_EVENTS,
  PayoutEventData,
  REMINDER_EVENTS,
  ReminderEventData,
  SCHEDULING_EVENTS,
  WebhookBookingData,
  WebhookEventType,
  WebhookMessageBody,
  WebhookPayoutData,
  WebhookReminderData,
} from '@slotline/contracts';

/** A domain event turned into what webhook endpoints receive. */
export interface WebhookMessage {
  /** The domain event's id: `webhook-id`, the same on every retry and redelivery. */
  id: string;
  type: WebhookEventType;
  /** Whose assignment or payout it is; provider-scoped endpoints get only their own. */
  providerUserId: string;
  occurredAt: Date;
  body: WebhookMessageBody;
}

const BOOKING_TYPES: Record<string, WebhookEventType> = {
  [SCHEDULING_EVENTS.scheduleProposed]: 'booking.proposed',
  [SCHEDULING_EVENTS.scheduleConfirmed]: 'booking.confirmed',
  [SCHEDULING_EVENTS.assignmentCancelled]: 'booking.cancelled',
  [SCHEDULING_EVENTS.assignmentCompleted]: 'booking.completed',
  [SCHEDULING_EVENTS.assignmentRejected]: 'booking.rejected',
};

const PAYOUT_TYPES: Record<string, WebhookEventType> = {
  [PAYOUT_EVENTS.approved.type]: 'payout.approved',
  [PAYOUT_EVENTS.denied.type]: 'payout.denied',
  [PAYOUT_EVENTS.captured.type]: 'payout.captured',
};

/** The domain events that become webhooks, for the consumer's filter and the docs. */
export const WEBHOOK_SOURCE_EVENT_TYPES = [
  ...Object.keys(BOOKING_TYPES),
  REMINDER_EVENTS.overdue.type,
  ...Object.keys(PAYOUT_TYPES),
];

/**
 * Maps a domain event to its public webhook, or null for events that are not published as webhooks.
 * Payloads are explicit whitelists (schema version 1), so an internal field never leaks by accident.
 */
export function webhookMessageOf(event: TypedEventEnvelope): WebhookMessage | null {
  switch (event.type) {
    case SCHEDULING_EVENTS.scheduleProposed:
    case SCHEDULING_EVENTS.scheduleConfirmed:
    case SCHEDULING_EVENTS.assignmentCancelled:
    case SCHEDULING_EVENTS.assignmentCompleted:
    case SCHEDULING_EVENTS.assignmentRejected: {
      const d = event.data;
      const bookingType = BOOKING_TYPES[event.type];
      const type = bookingType === 'booking.confirmed' && d.rescheduled ? 'booking.rescheduled' : bookingType;
      return message(event, type, d.provider_user_id, bookingData(d));
    }
    case REMINDER_EVENTS.overdue.type:
      return message(event, 'reminder.overdue', event.data.provider_user_id, reminderData(event.data));
    case PAYOUT_EVENTS.approved.type:
    case PAYOUT_EVENTS.denied.type:
    case PAYOUT_EVENTS.captured.type:
      return message(event, PAYOUT_TYPES[event.type], event.data.provider_user_id, payoutData(event.data));
    default:
      return null;
  }
}

function message(
  event: EventEnvelope,
  type: WebhookEventType,
  providerUserId: string,
  data: WebhookMessageBody['data'],
): WebhookMessage {
  const occurredAt = new Date(event.occurred_at);
  return {
    id: event.id.toLowerCase(),
    type,
    providerUserId,
    occurredAt,
    body: { type, timestamp: occurredAt.toISOString(), data },
  };
}

function bookingData(d: AssignmentEventData): WebhookBookingData {
  return {
    schema_version: 1,
    assignment_id: d.assignment_id,
    job_id: d.job_id,
    practitioner_id: d.practitioner_id,
    provider_user_id: d.provider_user_id,
    customer_id: d.customer_id,
    status: d.status,
    schedule_version: d.schedule_version,
    time_zone: d.time_zone,
    price_amount: d.price_amount,
    currency: d.currency,
    proposed_start: d.proposed_start ?? null,
    proposed_end: d.proposed_end ?? null,
    proposed_by: d.proposed_by ?? null,
    scheduled_start: d.scheduled_start ?? null,
    scheduled_end: d.scheduled_end ?? null,
    previous_start: d.previous_start ?? null,
    previous_end: d.previous_end ?? null,
    reason: d.reason ?? null,
  };
}

function reminderData(d: ReminderEventData): WebhookReminderData {
  return {
    schema_version: 1,
    reminder_id: d.reminder_id,
    assignment_id: d.assignment_id,
    job_id: d.job_id,
    practitioner_id: d.practitioner_id,
    provider_user_id: d.provider_user_id,
    customer_id: d.customer_id,
    time_zone: d.time_zone,
    schedule_version: d.schedule_version,
    awaiting_since: d.awaiting_since ?? null,
  };
}

function payoutData(d: PayoutEventData): WebhookPayoutData {
  return {
    schema_version: 1,
    payout_id: d.payout_id,
    assignment_id: d.assignment_id,
    job_id: d.job_id,
    provider_user_id: d.provider_user_id,
    practitioner_id: d.practitioner_id,
    customer_id: d.customer_id,
    amount_minor: d.amount_minor,
    currency: d.currency,
    status: d.status,
    reason: d.reason ?? null,
    reference: d.reference ?? null,
  };
}
