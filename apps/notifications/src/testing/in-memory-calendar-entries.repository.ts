import type { CalendarEntriesRepository, CalendarEntry } from '../calendar/calendar-entries.repository';

/** `CalendarEntriesRepository` over memory: one entry per assignment, replaced on save. */
export class InMemoryCalendarEntries implements Pick<CalendarEntriesRepository, 'lock' | 'find' | 'save'> {
  readonly byAssignment = new Map<string, CalendarEntry>();

  async lock(_db: unknown, assignmentId: string): Promise<CalendarEntry | null> {
    return this.find(assignmentId);
  }

  async find(assignmentId: string): Promise<CalendarEntry | null> {
    const entry = this.byAssignment.get(assignmentId);
    return entry ? { ...entry } : null;
  }

  async save(_db: unknown, e: CalendarEntry): Promise<void> {
    this.byAssignment.set(e.assignmentId, { ...e });
  }
}
