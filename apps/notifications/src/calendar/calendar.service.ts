import { AssignmentEventData, CalendarIcsQuery, CalendarIcsView, CallMeta } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { Db, Recipient, RecipientsRepository } from '../recipients/recipients.repository';
import { CalendarEntriesRepository, CalendarEntry } from './calendar-entries.repository';
import { buildInvite, CalendarVisit, Party } from './calendar-invite';

export interface CalendarServiceDeps {
  entries: CalendarEntriesRepository;
  recipients: RecipientsRepository;
  organizer: Party;
  now: () => Date;
}

/** Keeps one calendar entry per confirmed visit (UID, SEQUENCE) and builds its invites (NTF-4). */
export class CalendarService {
  constructor(private readonly d: CalendarServiceDeps) {}

  /**
   * A confirmation or reschedule: SEQUENCE starts at 0 and rises with every later schedule version; an
   * event no newer than the entry (a late redelivery) leaves it as it is. One statement in the usual
   * case (`entries.confirm`), a second read only for the late one.
   */
  async confirmed(db: Db, e: AssignmentEventData): Promise<CalendarEntry | null> {
    const visit = scheduledEntryOf(e);
    if (!visit) return null;
    const stored = await this.d.entries.confirm(db, visit);
    return stored ?? this.d.entries.lock(db, e.assignment_id);
  }

  /**
   * A cancellation (or rejection) of a visit that was in calendars; null when it never was (nothing to
   * cancel). A scheduled visit without an entry had its confirmation overtaken by this event (events can
   * arrive out of order, ADR 0002): the cancelled entry is stored all the same, at this event's newer
   * schedule version, so that the late confirmation finds it and puts nothing into calendars.
   */
  async cancelled(db: Db, e: AssignmentEventData): Promise<CalendarEntry | null> {
    const current = await this.d.entries.lock(db, e.assignment_id);
    if (!current) {
      const visit = scheduledEntryOf(e);
      if (visit) await this.d.entries.save(db, { ...visit, sequence: 0, status: 'cancelled' });
      return null;
    }
    if (current.status === 'cancelled') return current;
    const entry: CalendarEntry = {
      ...current,
      sequence: current.sequence + 1,
      scheduleVersion: Math.max(current.scheduleVersion, e.schedule_version),
      status: 'cancelled',
    };
    await this.d.entries.save(db, entry);
    return entry;
  }

  invite(entry: CalendarEntry, parties: Recipient[]): string {
    return buildInvite(this.visitOf(entry, parties));
  }

  visitOf(entry: CalendarEntry, parties: Recipient[]): CalendarVisit {
    return {
      assignmentId: entry.assignmentId,
      sequence: entry.sequence,
      start: entry.start,
      end: entry.end,
      timeZone: entry.timeZone,
      summary: 'Slotline visit',
      description: `Assignment ${entry.assignmentId}`,
      organizer: this.d.organizer,
      attendees: parties.map((p) => ({
        name: p.role === 'provider' ? 'Provider' : 'Customer',
        email: p.email,
      })),
      method: entry.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
      stamp: this.d.now(),
    };
  }

  /** `GET /v1/assignments/:id/calendar.ics`: the current invite, for the visit's parties only. */
  async download(q: CalendarIcsQuery, meta: CallMeta): Promise<CalendarIcsView> {
    const entry = await this.d.entries.find(q.assignment_id);
    const userId = meta.actor?.user_id;
    if (!meta.actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in to download the invite.');
    // The same answer whether the visit does not exist or the caller is not a party (no existence leak).
    if (!entry || (userId !== entry.customerId && userId !== entry.providerUserId))
      throw new AppError('NF_RESOURCE', 'No confirmed visit with this id.');
    const parties = await this.d.recipients.findMany([entry.customerId, entry.providerUserId]);
    return {
      filename: `visit-${entry.assignmentId}.ics`,
      content: this.invite(entry, [...parties.values()]),
    };
  }
}

/** The scheduled visit an assignment event describes, as a calendar entry holds it; null when unscheduled. */
function scheduledEntryOf(e: AssignmentEventData): Omit<CalendarEntry, 'sequence' | 'status'> | null {
  if (!e.scheduled_start || !e.scheduled_end) return null;
  return {
    assignmentId: e.assignment_id,
    scheduleVersion: e.schedule_version,
    start: new Date(e.scheduled_start),
    end: new Date(e.scheduled_end),
    timeZone: e.time_zone,
    customerId: e.customer_id,
    providerUserId: e.provider_user_id,
  };
}
