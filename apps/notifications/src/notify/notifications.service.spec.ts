import type { PayoutEventData } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';
import { anAssignmentEventData, substitute } from '@slotline/testing';
import { CalendarService } from '../calendar/calendar.service';
import { DEFAULT_PREFERENCES } from '../preferences/preferences.repository';
import { Db, OPS_RECIPIENT_ID, Recipient, RecipientsRepository } from '../recipients/recipients.repository';
import { InMemoryCalendarEntries } from '../testing/in-memory-calendar-entries.repository';
import { NotificationPlan, NotificationPlanner, SourceEvent } from './notification-planner';
import { NotificationsService } from './notifications.service';

/** Holds every plan instead of rendering it, so a test can read who hears what. */
class RecordingPlanner {
  readonly plans: NotificationPlan[] = [];
  readonly withdrawn: string[] = [];

  async plan(_db: unknown, p: NotificationPlan): Promise<void> {
    this.plans.push(p);
  }

  async withdrawVisit(_db: unknown, visitId: string): Promise<number> {
    this.withdrawn.push(visitId);
    return 0;
  }
}

// The fakes never touch the transaction; the service only passes it on.
const db = substitute<Db>({});

function aRecipient(id: string, overrides: Partial<Recipient> = {}): Recipient {
  return {
    id,
    email: `${id}@example.com`,
    phone: null,
    timeZone: 'Europe/Berlin',
    locale: 'en',
    role: 'customer',
    ...overrides,
  };
}

function aSourceEvent(type = 'evt.scheduling.assignment.schedule_confirmed.v1'): SourceEvent {
  return { id: uuidv7(), type, occurredAt: new Date('2026-03-30T07:00:00Z') };
}

describe(NotificationsService.name, () => {
  let planner: RecordingPlanner;
  let entries: InMemoryCalendarEntries;
  let directory: Map<string, Recipient>;
  let sut: NotificationsService;

  const build = (flags = { icsEnabled: true, googleLinksEnabled: true }) => {
    const recipients = substitute<RecipientsRepository>({
      findMany: async (ids) =>
        new Map(ids.filter((id) => directory.has(id)).map((id) => [id, directory.get(id)!])),
      findWithPreferences: async (ids) =>
        new Map(
          ids
            .filter((id) => directory.has(id))
            .map((id) => [id, { ...directory.get(id)!, preferences: DEFAULT_PREFERENCES }]),
        ),
    });
    const calendar = new CalendarService({
      entries: substitute(entries),
      recipients,
      organizer: { name: 'Slotline', email: 'calendar@slotline.test' },
      now: () => new Date('2026-03-01T00:00:00Z'),
    });
    return new NotificationsService({
      planner: substitute<NotificationPlanner>(planner),
      calendar,
      recipients,
      ...flags,
    });
  };

  const withParties = (e: { customer_id: string; provider_user_id: string }) => {
    directory.set(e.customer_id, aRecipient(e.customer_id));
    directory.set(e.provider_user_id, aRecipient(e.provider_user_id, { role: 'provider', timeZone: 'UTC' }));
  };

  beforeEach(() => {
    planner = new RecordingPlanner();
    entries = new InMemoryCalendarEntries();
    directory = new Map();
    sut = build();
  });

  it.each([
    ['customer', (e: { provider_user_id: string; customer_id: string }) => [e.provider_user_id]],
    ['provider', (e: { provider_user_id: string; customer_id: string }) => [e.customer_id]],
    ['admin', (e: { provider_user_id: string; customer_id: string }) => [e.customer_id, e.provider_user_id]],
  ] as const)('tells the other party of a proposal made by the %s', async (proposedBy, expected) => {
    const e = anAssignmentEventData({
      proposed_by: proposedBy,
      proposed_start: '2026-04-06T08:00:00Z',
      proposed_end: '2026-04-06T09:00:00Z',
    });

    await sut.notifyScheduleProposed(db, aSourceEvent(), e);

    expect(planner.plans).toHaveLength(1);
    expect(planner.plans[0]).toMatchObject({ kind: 'schedule_proposed', recipients: expected(e) });
    expect(planner.plans[0].vars(aRecipient('x'))).toMatchObject({
      assignment_id: e.assignment_id,
      visit: { start: expect.stringContaining('(UTC+02:00)'), zone: 'Europe/Berlin' },
    });
  });

  it('confirms to both parties with a REQUEST invite and a Google link, and keeps the entry at SEQUENCE 0', async () => {
    const e = anAssignmentEventData();
    withParties(e);

    await sut.notifyScheduleConfirmed(db, aSourceEvent(), e);

    const [plan] = planner.plans;
    expect(plan).toMatchObject({
      kind: 'schedule_confirmed',
      recipients: [e.customer_id, e.provider_user_id],
    });
    const invite = plan.invite!(aRecipient(e.customer_id));
    expect(invite).toMatchObject({ method: 'REQUEST' });
    expect(invite!.ics).toContain('SEQUENCE:0');
    expect(plan.vars(aRecipient(e.customer_id))).toMatchObject({
      google_link: expect.stringMatching(/^https:\/\/calendar\.google\.com\//),
      previous: { start: null, end: null },
    });
    expect(entries.byAssignment.get(e.assignment_id)).toMatchObject({ sequence: 0, status: 'confirmed' });
  });

  it('calls a later schedule version a reschedule and raises the invite SEQUENCE', async () => {
    const first = anAssignmentEventData();
    withParties(first);
    await sut.notifyScheduleConfirmed(db, aSourceEvent(), first);

    const moved = { ...first, schedule_version: 3, rescheduled: true, previous_start: first.scheduled_start };
    await sut.notifyScheduleConfirmed(db, aSourceEvent(), moved);

    const plan = planner.plans[1];
    expect(plan.kind).toBe('schedule_rescheduled');
    expect(plan.invite!(aRecipient(first.customer_id))!.ics).toContain('SEQUENCE:1');
    expect(plan.vars(aRecipient(first.customer_id))).toMatchObject({
      previous: { start: expect.any(String) },
    });
  });

  it('leaves the invite and the link out when both are switched off', async () => {
    sut = build({ icsEnabled: false, googleLinksEnabled: false });
    const e = anAssignmentEventData();
    withParties(e);

    await sut.notifyScheduleConfirmed(db, aSourceEvent(), e);

    const [plan] = planner.plans;
    expect(plan.invite!(aRecipient(e.customer_id))).toBeNull();
    expect(plan.vars(aRecipient(e.customer_id))).toMatchObject({ google_link: null });
  });

  it('sends no invite when a party is not yet in the directory', async () => {
    const e = anAssignmentEventData();
    directory.set(e.customer_id, aRecipient(e.customer_id));

    await sut.notifyScheduleConfirmed(db, aSourceEvent(), e);

    expect(planner.plans[0].invite!(aRecipient(e.customer_id))).toBeNull();
  });

  it('cancels with a METHOD:CANCEL invite and no Google link once the visit was in calendars', async () => {
    const e = anAssignmentEventData();
    withParties(e);
    await sut.notifyScheduleConfirmed(db, aSourceEvent(), e);

    await sut.notifyScheduleCancelled(db, aSourceEvent(), { ...e, status: 'cancelled', reason: 'ill' });

    const plan = planner.plans[1];
    expect(plan.kind).toBe('schedule_cancelled');
    expect(plan.invite!(aRecipient(e.customer_id))).toMatchObject({ method: 'CANCEL' });
    expect(plan.vars(aRecipient(e.customer_id))).toMatchObject({ google_link: null, reason: 'ill' });
    expect(entries.byAssignment.get(e.assignment_id)).toMatchObject({ sequence: 1, status: 'cancelled' });
    expect(planner.withdrawn).toEqual([e.assignment_id]);
    expect(planner.plans[0].visitId).toBe(e.assignment_id);
  });

  it('cancels without an invite a visit that was never scheduled', async () => {
    const e = anAssignmentEventData({ status: 'cancelled', scheduled_start: null, scheduled_end: null });
    withParties(e);

    await sut.notifyScheduleCancelled(db, aSourceEvent(), e);

    expect(planner.plans[0].invite!(aRecipient(e.customer_id))).toBeNull();
    expect(entries.byAssignment.size).toBe(0);
  });

  it('puts nothing into calendars for a confirmation that arrives after its cancellation', async () => {
    const confirmed = anAssignmentEventData({ schedule_version: 2 });
    const cancelled = { ...confirmed, status: 'cancelled' as const, schedule_version: 3 };
    withParties(confirmed);

    await sut.notifyScheduleCancelled(db, aSourceEvent(), cancelled);
    await sut.notifyScheduleConfirmed(db, aSourceEvent(), confirmed);

    expect(planner.plans.map((p) => p.kind)).toEqual(['schedule_cancelled']);
    expect(planner.plans[0].invite!(aRecipient(confirmed.customer_id))).toBeNull();
    expect(entries.byAssignment.get(confirmed.assignment_id)).toMatchObject({
      status: 'cancelled',
      scheduleVersion: 3,
    });
  });

  it('sends nothing for a confirmation older than the window already in calendars', async () => {
    const first = anAssignmentEventData({ schedule_version: 2 });
    const moved = {
      ...first,
      schedule_version: 4,
      rescheduled: true,
      scheduled_start: '2030-01-07T10:00:00Z',
      scheduled_end: '2030-01-07T11:00:00Z',
    };
    withParties(first);

    await sut.notifyScheduleConfirmed(db, aSourceEvent(), moved);
    await sut.notifyScheduleConfirmed(db, aSourceEvent(), first);

    expect(planner.plans.map((p) => p.kind)).toEqual(['schedule_rescheduled']);
    expect(entries.byAssignment.get(first.assignment_id)).toMatchObject({ sequence: 0, scheduleVersion: 4 });
  });

  it('takes a rejected visit out of both calendars: CANCEL with the customer’s notice and to the provider', async () => {
    const e = anAssignmentEventData();
    withParties(e);
    await sut.notifyScheduleConfirmed(db, aSourceEvent(), e);

    await sut.notifyAssignmentRejected(db, aSourceEvent(), {
      ...e,
      status: 'rejected',
      schedule_version: 3,
      reason: 'ill',
    });

    const [, notice, ops, cancellation] = planner.plans;
    expect([notice, ops, cancellation].map((p) => [p.kind, p.recipients])).toEqual([
      ['assignment_rejected', [e.customer_id]],
      ['assignment_rejected_ops', [OPS_RECIPIENT_ID]],
      ['schedule_cancelled', [e.provider_user_id]],
    ]);
    for (const plan of [notice, cancellation]) {
      const invite = plan.invite!(aRecipient(e.customer_id))!;
      expect(invite.method).toBe('CANCEL');
      expect(invite.ics).toContain('SEQUENCE:1');
    }
    expect(cancellation.vars(aRecipient(e.provider_user_id))).toMatchObject({
      reason: 'ill',
      google_link: null,
    });
    expect(entries.byAssignment.get(e.assignment_id)).toMatchObject({ sequence: 1, status: 'cancelled' });
    expect(planner.withdrawn).toEqual([e.assignment_id]);
  });

  it('tells the customer and ops of a rejection, with the reason', async () => {
    const e = anAssignmentEventData({ status: 'rejected', reason: 'too far' });

    await sut.notifyAssignmentRejected(db, aSourceEvent(), e);

    expect(planner.plans.map((p) => [p.kind, p.recipients])).toEqual([
      ['assignment_rejected', [e.customer_id]],
      ['assignment_rejected_ops', [OPS_RECIPIENT_ID]],
    ]);
    expect(planner.plans[1].vars(aRecipient(OPS_RECIPIENT_ID))).toEqual({
      assignment_id: e.assignment_id,
      job_id: e.job_id,
      reason: 'too far',
    });
  });

  it.each([
    ['visit_upcoming', 'reminder_upcoming'],
    ['schedule_overdue', 'reminder_overdue'],
  ] as const)('turns a %s reminder into %s for both parties', async (kind, expected) => {
    const e = anAssignmentEventData();

    await sut.notifyReminderSent(db, aSourceEvent(), {
      reminder_id: uuidv7(),
      kind,
      assignment_id: e.assignment_id,
      job_id: e.job_id,
      practitioner_id: e.practitioner_id,
      customer_id: e.customer_id,
      provider_user_id: e.provider_user_id,
      scheduled_start: e.scheduled_start,
      scheduled_end: e.scheduled_end,
      awaiting_since: null,
    } as Parameters<NotificationsService['notifyReminderSent']>[2]);

    expect(planner.plans[0]).toMatchObject({
      kind: expected,
      recipients: [e.customer_id, e.provider_user_id],
    });
  });

  it('tells the paid provider of an approval, in their language’s money format', async () => {
    const payout = aPayout({ status: 'approved', amount_minor: 12500, currency: 'EUR' });

    await sut.notifyPayoutDecision(db, aSourceEvent(), payout);

    expect(planner.plans[0]).toMatchObject({
      kind: 'payout_approved',
      recipients: [payout.provider_user_id],
    });
    expect(planner.plans[0].vars(aRecipient('p', { locale: 'de' }))).toMatchObject({
      payout: { amount: expect.stringMatching(/^125,00\s€$/) },
    });
  });

  it('says nothing of payout states that are not a decision', async () => {
    await sut.notifyPayoutDecision(db, aSourceEvent(), aPayout({ status: 'captured' }));

    expect(planner.plans).toEqual([]);
  });

  it('warns of a new device with its address, or "unknown" when none was seen', async () => {
    const userId = uuidv7();

    await sut.notifyNewDeviceSignIn(db, aSourceEvent(), {
      user_id: userId,
      session_id: uuidv7(),
      ip: null,
      user_agent: 'curl/8',
    });

    expect(planner.plans[0]).toMatchObject({ kind: 'security_new_device', recipients: [userId] });
    expect(planner.plans[0].vars(aRecipient(userId))).toMatchObject({
      device: { ip: 'unknown', user_agent: 'curl/8' },
    });
  });

  it('warns of a refresh token replay only when the account is known', async () => {
    const reuse = (user_id: string | null) =>
      ({ user_id }) as Parameters<NotificationsService['notifyRefreshTokenReuse']>[2];
    const userId = uuidv7();

    await sut.notifyRefreshTokenReuse(db, aSourceEvent(), reuse(null));
    await sut.notifyRefreshTokenReuse(db, aSourceEvent(), reuse(userId));

    expect(planner.plans.map((p) => [p.kind, p.recipients])).toEqual([['security_token_reuse', [userId]]]);
  });
});

function aPayout(overrides: Partial<PayoutEventData>): PayoutEventData {
  return {
    payout_id: uuidv7(),
    assignment_id: uuidv7(),
    job_id: uuidv7(),
    provider_user_id: uuidv7(),
    practitioner_id: uuidv7(),
    customer_id: uuidv7(),
    amount_minor: 5000,
    currency: 'EUR',
    status: 'approved',
    ...overrides,
  } as PayoutEventData;
}
