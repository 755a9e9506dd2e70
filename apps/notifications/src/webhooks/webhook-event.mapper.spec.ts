import {
  AssignmentEventData,
  EventEnvelope,
  REMINDER_EVENTS,
  SCHEDULING_EVENTS,
  TypedEventEnvelope,
} from '@slotline/contracts';
import { webhookMessageOf } from './webhook-event.mapper';

const assignment = (overrides: Partial<AssignmentEventData> = {}): AssignmentEventData => ({
  actor: null,
  resource_type: 'assignment',
  resource_id: 'a1',
  outcome: 'success',
  assignment_id: 'a1',
  job_id: 'j1',
  practitioner_id: 'p1',
  provider_user_id: 'u1',
  customer_id: 'c1',
  status: 'scheduled',
  schedule_version: 3,
  time_zone: 'Europe/London',
  price_amount: 12_500,
  currency: 'GBP',
  scheduled_start: '2026-12-10T10:00:00.000Z',
  scheduled_end: '2026-12-10T11:00:00.000Z',
  ...overrides,
});

// As the inbox hands it over; these tests check the mapping, not the data rules.
const envelope = (type: string, data: unknown): TypedEventEnvelope =>
  ({
    id: '01938A9E-7B1C-7000-8000-000000000001',
    type,
    occurred_at: '2026-12-03T09:00:00+01:00',
    producer: 'scheduling',
    data,
  }) as EventEnvelope as TypedEventEnvelope;

describe(webhookMessageOf.name, () => {
  it('maps a confirmed schedule to booking.confirmed, with the event id as webhook-id', () => {
    const sut = webhookMessageOf(envelope(SCHEDULING_EVENTS.scheduleConfirmed, assignment()));
    expect(sut).toMatchObject({
      id: '01938a9e-7b1c-7000-8000-000000000001',
      type: 'booking.confirmed',
      providerUserId: 'u1',
      body: {
        type: 'booking.confirmed',
        timestamp: '2026-12-03T08:00:00.000Z',
        data: { schema_version: 1, assignment_id: 'a1', previous_start: null, reason: null },
      },
    });
  });

  it('tells a reschedule apart and carries the window it replaced', () => {
    const sut = webhookMessageOf(
      envelope(
        SCHEDULING_EVENTS.scheduleConfirmed,
        assignment({ rescheduled: true, previous_start: '2026-12-09T10:00:00.000Z' }),
      ),
    );
    expect(sut?.type).toBe('booking.rescheduled');
    expect(sut?.body.data).toMatchObject({ previous_start: '2026-12-09T10:00:00.000Z' });
  });

  it('keeps audit-only fields out of the public payload', () => {
    const data = webhookMessageOf(envelope(SCHEDULING_EVENTS.assignmentCancelled, assignment()))!.body.data;
    expect(Object.keys(data)).not.toEqual(expect.arrayContaining(['actor']));
    expect(data).not.toHaveProperty('resource_type');
  });

  it('maps the overdue reminder and ignores events without a webhook', () => {
    const reminder = webhookMessageOf(
      envelope(REMINDER_EVENTS.overdue.type, {
        reminder_id: 'r1',
        kind: 'schedule_overdue',
        assignment_id: 'a1',
        job_id: 'j1',
        practitioner_id: 'p1',
        provider_user_id: 'u1',
        customer_id: 'c1',
        time_zone: 'Europe/London',
        schedule_version: 0,
        awaiting_since: '2026-12-01T09:00:00.000Z',
      }),
    );
    expect(reminder).toMatchObject({ type: 'reminder.overdue', providerUserId: 'u1' });
    expect(webhookMessageOf(envelope(REMINDER_EVENTS.due.type, {}))).toBeNull();
    expect(webhookMessageOf(envelope(SCHEDULING_EVENTS.jobCreated, {}))).toBeNull();
  });
});
