import { Queryable as Db, tablesIn } from '@slotline/persistence';

export interface CalendarEntry {
  assignmentId: string;
  sequence: number;
  scheduleVersion: number;
  status: 'confirmed' | 'cancelled';
  start: Date;
  end: Date;
  timeZone: string;
  customerId: string;
  providerUserId: string;
}

/** A row of calendar_entries. */
interface CalendarEntryRow {
  assignment_id: string;
  sequence: number;
  schedule_version: number;
  status: CalendarEntry['status'];
  start_at: Date;
  end_at: Date;
  time_zone: string;
  customer_id: string;
  provider_user_id: string;
}

/** The current calendar state of each confirmed visit: what the ICS download and the next update build on. */
export class CalendarEntriesRepository {
  private readonly t: Record<'calendar_entries', string>;

  /** `schema` from the composition root; no default, so a private schema never falls back to the real one. */
  constructor(
    private readonly db: Db,
    schema: string,
  ) {
    this.t = tablesIn(schema, ['calendar_entries']);
  }

  async lock(db: Db, assignmentId: string): Promise<CalendarEntry | null> {
    const rows = await db.query<CalendarEntryRow[]>(
      `SELECT * FROM ${this.t.calendar_entries} WHERE assignment_id = $1 FOR UPDATE`,
      [assignmentId],
    );
    return rows[0] ? toEntry(rows[0]) : null;
  }

  /**
   * A confirmation or reschedule in one statement (NTF-4's SEQUENCE rule): `e` is stored at SEQUENCE 0
   * when the visit has no entry, and an entry of an older schedule version moves to `e`'s with its
   * SEQUENCE + 1; the entry as stored comes back. Null when the stored version is the same or later (a
   * late redelivery): that entry is left as it is, but locked all the same (`ON CONFLICT DO UPDATE`
   * locks the row it checks), so the caller's `lock` reads it without waiting.
   */
  async confirm(db: Db, e: Omit<CalendarEntry, 'sequence' | 'status'>): Promise<CalendarEntry | null> {
    const rows = await db.query<CalendarEntryRow[]>(
      `INSERT INTO ${this.t.calendar_entries} AS c (assignment_id, sequence, schedule_version, status, start_at,
         end_at, time_zone, customer_id, provider_user_id, updated_at)
       VALUES ($1, 0, $2, 'confirmed', $3, $4, $5, $6, $7, now())
       ON CONFLICT (assignment_id) DO UPDATE SET sequence = c.sequence + 1,
         schedule_version = EXCLUDED.schedule_version, status = EXCLUDED.status, start_at = EXCLUDED.start_at,
         end_at = EXCLUDED.end_at, time_zone = EXCLUDED.time_zone, updated_at = now()
       WHERE c.schedule_version < EXCLUDED.schedule_version
       RETURNING *`,
      [e.assignmentId, e.scheduleVersion, e.start, e.end, e.timeZone, e.customerId, e.providerUserId],
    );
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async find(assignmentId: string): Promise<CalendarEntry | null> {
    const rows = await this.db.query<CalendarEntryRow[]>(
      `SELECT * FROM ${this.t.calendar_entries} WHERE assignment_id = $1`,
      [assignmentId],
    );
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async save(db: Db, e: CalendarEntry): Promise<void> {
    await db.query(
      `INSERT INTO ${this.t.calendar_entries} (assignment_id, sequence, schedule_version, status, start_at, end_at,
         time_zone, customer_id, provider_user_id, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (assignment_id) DO UPDATE SET sequence = EXCLUDED.sequence, schedule_version = EXCLUDED.schedule_version,
         status = EXCLUDED.status, start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, time_zone = EXCLUDED.time_zone,
         updated_at = now()`,
      [
        e.assignmentId,
        e.sequence,
        e.scheduleVersion,
        e.status,
        e.start,
        e.end,
        e.timeZone,
        e.customerId,
        e.providerUserId,
      ],
    );
  }
}

function toEntry(r: CalendarEntryRow): CalendarEntry {
  return {
    assignmentId: r.assignment_id,
    sequence: r.sequence,
    scheduleVersion: r.schedule_version,
    status: r.status,
    start: r.start_at,
    end: r.end_at,
    timeZone: r.time_zone,
    customerId: r.customer_id,
    providerUserId: r.provider_user_id,
  };
}
