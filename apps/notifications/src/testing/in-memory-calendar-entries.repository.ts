import type { CalendarEntriesRepository, CalendarEntry } from '../calendar/calendar-entries.repository';

/** `CalendarEntriesRepository` over memory: one entry per assignment, replaced on save. */
export class InMemoryCalendarEntries implements Pick<
  CalendarEntriesRepository,
  'lock' | 'find' | 'save' | 'confirm'
> {
  readonly byAssignment = new Map<string, CalendarEntry>();

  async lock(_db: unknown, assignmentId: string): Promise<CalendarEntry | null> {
    return this.find(assignmentId);
  }

  /** As the repository's upsert: SEQUENCE 0 when new, + 1 for a later version, null otherwise. */
  async confirm(_db: unknown, e: Omit<CalendarEntry, 'sequence' | 'status'>): Promise<CalendarEntry | null> {
    const current = this.byAssignment.get(e.assignmentId);
    if (current && current.scheduleVersion >= e.scheduleVersion) return null;
    // The parties are kept on update, as the upsert keeps them.
    const entry: CalendarEntry = {
      ...e,
      customerId: current?.customerId ?? e.customerId,
      providerUserId: current?.providerUserId ?? e.providerUserId,
      sequence: current ? current.sequence + 1 : 0,
      status: 'confirmed',
    };
    this.byAssignment.set(e.assignmentId, entry);
    return { ...entry };
  }

  async find(assignmentId: string): Promise<CalendarEntry | null> {
    const entry = this.byAssignment.get(assignmentId);
    return entry ? { ...entry } : null;
  }

  async save(_db: unknown, e: CalendarEntry): Promise<void> {
    this.byAssignment.set(e.assignmentId, { ...e });
  }
}
