import type {
  AssignmentEventData,
  AuthSecurityEventData,
  NewDeviceSignInData,
  PayoutEventData,
  ReminderEventData,
} from '@slotline/contracts';
import { answersInOrder } from '@slotline/persistence';
import { CalendarEntry } from '../calendar/calendar-entries.repository';
import { googleCalendarLink } from '../calendar/calendar-invite';
import { CalendarService } from '../calendar/calendar.service';
import {
  Db,
  OPS_RECIPIENT_ID,
  Recipient,
  RecipientsRepository,
  RecipientWithPreferences,
} from '../recipients/recipients.repository';
import { NotificationPlanner, SourceEvent } from './notification-planner';
import { localTime, money } from './time-format';

export interface NotificationsServiceDeps {
  planner: NotificationPlanner;
  calendar: CalendarService;
  recipients: RecipientsRepository;
  icsEnabled: boolean;
  googleLinksEnabled: boolean;
}

const window = (r: Recipient, start?: string | null, end?: string | null) => ({
  start: start ? localTime(start, r.timeZone, r.locale) : null,
  end: end ? localTime(end, r.timeZone, r.locale) : null,
  zone: r.timeZone,
});

/**
 * One typed method per notification (NTF-2). Each decides who hears of the event and with what
 * variables; the planner renders, applies preferences and records the notifications in the caller's
 * transaction (the inbox's), so an event is turned into notifications exactly once.
 */
export class NotificationsService {
  constructor(private readonly d: NotificationsServiceDeps) {}

  /** The other party hears of a proposal (both when an admin proposed). */
  async notifyScheduleProposed(db: Db, event: SourceEvent, e: AssignmentEventData): Promise<void> {
    const recipients =
      e.proposed_by === 'customer'
        ? [e.provider_user_id]
        : e.proposed_by === 'provider'
          ? [e.customer_id]
          : [e.customer_id, e.provider_user_id];
    await this.d.planner.plan(db, {
      event,
      kind: 'schedule_proposed',
      recipients,
      visitId: e.assignment_id,
      vars: (r) => ({ visit: window(r, e.proposed_start, e.proposed_end), assignment_id: e.assignment_id }),
    });
  }

  /** Both parties, with the invite (SEQUENCE + 1 on a reschedule) and a Google Calendar link. */
  async notifyScheduleConfirmed(db: Db, event: SourceEvent, e: AssignmentEventData): Promise<void> {
    // The calendar entry's upsert and the parties' read are sent together: one round trip.
    const [entry, found] = await answersInOrder(this.d.calendar.confirmed(db, e), this.parties(db, e));
    // A newer state of the visit reached the calendars before this confirmation (events can arrive out
    // of order, ADR 0002): a later window, or its cancellation. The parties heard of that one already;
    // an email with this older window would contradict it.
    if (entry && (entry.status === 'cancelled' || entry.scheduleVersion > e.schedule_version)) return;
    const kind = e.rescheduled ? 'schedule_rescheduled' : 'schedule_confirmed';
    await this.withInvite(db, event, e, entry, found, kind);
  }

  /** Both parties, critical; a METHOD:CANCEL invite when the visit was in their calendars. */
  async notifyScheduleCancelled(db: Db, event: SourceEvent, e: AssignmentEventData): Promise<void> {
    const [entry, found] = await this.visitEnded(db, e);
    await this.withInvite(db, event, e, entry, found, 'schedule_cancelled');
  }

  /**
   * SCH-10: the customer (their job is open again) and ops. A visit that was already in both calendars
   * leaves them (NTF-4): the customer's notice carries the METHOD:CANCEL invite, and the provider gets
   * the cancellation with it.
   */
  async notifyAssignmentRejected(db: Db, event: SourceEvent, e: AssignmentEventData): Promise<void> {
    const [entry, found] = await this.visitEnded(db, e);
    const cancellation = entry ? this.invite(entry, found) : null;
    const vars = { assignment_id: e.assignment_id, job_id: e.job_id, reason: e.reason ?? null };
    await this.d.planner.plan(db, {
      event,
      kind: 'assignment_rejected',
      recipients: [e.customer_id],
      vars: () => vars,
      invite: () => (cancellation ? { ics: cancellation, method: 'CANCEL' } : null),
      found,
    });
    await this.d.planner.plan(db, {
      event,
      kind: 'assignment_rejected_ops',
      recipients: [OPS_RECIPIENT_ID],
      vars: () => vars,
    });
    if (entry) await this.withInvite(db, event, e, entry, found, 'schedule_cancelled', [e.provider_user_id]);
  }

  async notifyVisitCompleted(db: Db, event: SourceEvent, e: AssignmentEventData): Promise<void> {
    await this.d.planner.plan(db, {
      event,
      kind: 'visit_completed',
      recipients: [e.customer_id, e.provider_user_id],
      visitId: e.assignment_id,
      vars: (r) => ({ visit: window(r, e.scheduled_start, e.scheduled_end), assignment_id: e.assignment_id }),
    });
  }

  /** SCH-9: an upcoming visit, or an assignment overdue for a schedule; both parties. */
  async notifyReminderSent(db: Db, event: SourceEvent, e: ReminderEventData): Promise<void> {
    await this.d.planner.plan(db, {
      event,
      kind: e.kind === 'visit_upcoming' ? 'reminder_upcoming' : 'reminder_overdue',
      recipients: [e.customer_id, e.provider_user_id],
      visitId: e.assignment_id,
      vars: (r) => ({
        visit: window(r, e.scheduled_start, e.scheduled_end),
        assignment_id: e.assignment_id,
        awaiting_since: e.awaiting_since ? localTime(e.awaiting_since, r.timeZone, r.locale) : null,
      }),
    });
  }

  /** The provider who is paid hears of the admin's decision. */
  async notifyPayoutDecision(db: Db, event: SourceEvent, e: PayoutEventData): Promise<void> {
    if (e.status !== 'approved' && e.status !== 'denied') return;
    await this.d.planner.plan(db, {
      event,
      kind: e.status === 'approved' ? 'payout_approved' : 'payout_denied',
      recipients: [e.provider_user_id],
      vars: (r) => ({
        payout: { amount: money(e.amount_minor, e.currency, r.locale) },
        assignment_id: e.assignment_id,
        reason: e.reason ?? null,
      }),
    });
  }

  async notifyNewDeviceSignIn(db: Db, event: SourceEvent, e: NewDeviceSignInData): Promise<void> {
    await this.d.planner.plan(db, {
      event,
      kind: 'security_new_device',
      recipients: [e.user_id],
      vars: (r) => ({
        at: localTime(event.occurredAt, r.timeZone, r.locale),
        device: { ip: e.ip ?? 'unknown', user_agent: e.user_agent ?? 'unknown' },
      }),
    });
  }

  async notifyRefreshTokenReuse(db: Db, event: SourceEvent, e: AuthSecurityEventData): Promise<void> {
    if (!e.user_id) return;
    await this.d.planner.plan(db, {
      event,
      kind: 'security_token_reuse',
      recipients: [e.user_id],
      vars: (r) => ({ at: localTime(event.occurredAt, r.timeZone, r.locale) }),
    });
  }

  /** The visit's invite for both parties, when invites are on and both are in the directory. */
  private invite(entry: CalendarEntry, found: Map<string, RecipientWithPreferences>): string | null {
    const parties = [...found.values()];
    return this.d.icsEnabled && parties.length === 2 ? this.d.calendar.invite(entry, parties) : null;
  }

  /**
   * The visit was cancelled or given back: what it still has waiting to go out is withdrawn, its calendar
   * entry cancelled (the entry, when it was in calendars) and the parties read, all in one round trip.
   */
  private async visitEnded(
    db: Db,
    e: AssignmentEventData,
  ): Promise<[CalendarEntry | null, Map<string, RecipientWithPreferences>]> {
    const [, entry, found] = await answersInOrder(
      this.d.planner.withdrawVisit(db, e.assignment_id),
      this.d.calendar.cancelled(db, e),
      this.parties(db, e),
    );
    return [entry, found];
  }

  /** Both parties of the visit as the planner needs them (with their preferences). */
  private parties(db: Db, e: AssignmentEventData): Promise<Map<string, RecipientWithPreferences>> {
    return this.d.recipients.findWithPreferences([e.customer_id, e.provider_user_id], db);
  }

  private async withInvite(
    db: Db,
    event: SourceEvent,
    e: AssignmentEventData,
    entry: CalendarEntry | null,
    found: Map<string, RecipientWithPreferences>,
    kind: 'schedule_confirmed' | 'schedule_rescheduled' | 'schedule_cancelled',
    recipients = [e.customer_id, e.provider_user_id],
  ): Promise<void> {
    const parties = [...found.values()];
    const visit = entry ? this.d.calendar.visitOf(entry, parties) : null;
    const invite = entry ? this.invite(entry, found) : null;
    const google =
      visit && this.d.googleLinksEnabled && kind !== 'schedule_cancelled' ? googleCalendarLink(visit) : null;
    await this.d.planner.plan(db, {
      event,
      kind,
      recipients,
      visitId: e.assignment_id,
      vars: (r) => ({
        visit: window(
          r,
          e.scheduled_start ?? entry?.start.toISOString(),
          e.scheduled_end ?? entry?.end.toISOString(),
        ),
        previous: window(r, e.previous_start, e.previous_end),
        assignment_id: e.assignment_id,
        reason: e.reason ?? null,
        google_link: google,
      }),
      invite: () =>
        invite ? { ics: invite, method: kind === 'schedule_cancelled' ? 'CANCEL' : 'REQUEST' } : null,
      found,
    });
  }
}
