import type { ReminderBucket, ReminderKindName } from '@slotline/contracts';
import { Queryable, SERVICE_SCHEMAS, tablesIn } from '@slotline/persistence';

/** An assignment the worker owes a reminder, with what the reminder event carries. */
export interface ReminderCandidate {
  assignmentId: string;
  jobId: string;
  practitionerId: string;
  providerUserId: string;
  customerId: string;
  timeZone: string;
  scheduleVersion: number;
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  awaitingSince: Date;
}

export interface ReminderRecord {
  id: string;
  assignmentId: string;
  kind: ReminderKindName;
  eventId: string;
  dueAt: Date | null;
  createdAt: Date;
}

/** The columns CANDIDATE_COLUMNS selects, as the pg driver returns them. */
interface CandidateRow {
  assignment_id: string;
  job_id: string;
  practitioner_id: string;
  provider_user_id: string;
  customer_id: string;
  time_zone: string;
  schedule_version: number;
  scheduled_start: Date | null;
  scheduled_end: Date | null;
  awaiting_since: Date;
}

/** A row of reminders. */
interface ReminderRow {
  id: string;
  assignment_id: string;
  kind: ReminderKindName;
  event_id: string;
  due_at: Date | null;
  created_at: Date;
}

const CANDIDATE_COLUMNS = `a.id AS assignment_id, a.job_id, a.practitioner_id, a.provider_user_id, a.customer_id,
  p.time_zone, a.schedule_version, a.scheduled_start, a.scheduled_end, a.created_at AS awaiting_since`;

/** Every query of the reminder worker and the reminder history. */
export class RemindersRepository {
  private readonly t: Record<'assignments' | 'reminders' | 'resources', string>;

  /** `schema` is the service's (SERVICE_SCHEMAS, through the composition root); tests may pass a private one. */
  constructor(
    private readonly db: Queryable,
    schema: string = SERVICE_SCHEMAS.scheduling.schema,
  ) {
    this.t = tablesIn(schema, ['assignments', 'reminders', 'resources']);
  }

  /**
   * True when this transaction runs the tick; another replica holding the lock means skip (ADR 0005).
   * Scoped to the schema and the job, so other jobs' locks never collide with it.
   */
  async tryTickLock(db: Queryable): Promise<boolean> {
    const [row] = await db.query<Array<{ locked: boolean }>>(
      'SELECT pg_try_advisory_xact_lock(hashtext($1)::bigint) AS locked',
      ['scheduling.reminder_worker'],
    );
    return row.locked === true;
  }

  /** Scheduled visits starting in (now, now + lookahead] with no upcoming reminder yet, soonest first. */
  async findUpcomingWithoutReminder(
    db: Queryable,
    now: Date,
    lookaheadMinutes: number,
    limit: number,
  ): Promise<ReminderCandidate[]> {
    const rows = await db.query<CandidateRow[]>(
      `SELECT ${CANDIDATE_COLUMNS}
       FROM ${this.t.assignments} a JOIN ${this.t.resources} p ON p.id = a.practitioner_id
       WHERE a.status = 'scheduled' AND a.scheduled_start > $1::timestamptz
         AND a.scheduled_start <= $1::timestamptz + make_interval(mins => $2::int)
         AND NOT EXISTS (SELECT 1 FROM ${this.t.reminders} r WHERE r.assignment_id = a.id AND r.kind = 'visit_upcoming')
       ORDER BY a.scheduled_start LIMIT $3`,
      [now, lookaheadMinutes, limit],
    );
    return rows.map(toCandidate);
  }

  /** Assignments awaiting a schedule since before now − SLA and not yet flagged, oldest first; locked. */
  async lockOverdueUnflagged(
    db: Queryable,
    now: Date,
    slaMinutes: number,
    limit: number,
  ): Promise<ReminderCandidate[]> {
    const rows = await db.query<CandidateRow[]>(
      `SELECT ${CANDIDATE_COLUMNS}
       FROM ${this.t.assignments} a JOIN ${this.t.resources} p ON p.id = a.practitioner_id
       WHERE a.status = 'awaiting_schedule' AND NOT a.reminder_overdue
         AND a.created_at <= $1::timestamptz - make_interval(mins => $2::int)
       ORDER BY a.created_at LIMIT $3
       FOR UPDATE OF a SKIP LOCKED`,
      [now, slaMinutes, limit],
    );
    return rows.map(toCandidate);
  }

  /** Records the reminder unless one of this kind exists; false when it already did (nothing to emit). */
  async insertOnce(
    db: Queryable,
    r: {
      id: string;
      assignmentId: string;
      kind: ReminderKindName;
      eventId: string;
      dueAt: Date | null;
      at: Date;
    },
  ): Promise<boolean> {
    const rows = await db.query<Array<{ id: string }>>(
      `INSERT INTO ${this.t.reminders} (id, assignment_id, kind, event_id, due_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT ON CONSTRAINT reminders_once_per_kind DO NOTHING RETURNING id`,
      [r.id, r.assignmentId, r.kind, r.eventId, r.dueAt, r.at],
    );
    return rows.length === 1;
  }

  async flagOverdue(db: Queryable, assignmentId: string, at: Date): Promise<void> {
    await db.query(
      `UPDATE ${this.t.assignments} SET reminder_overdue = true, reminder_overdue_at = $2, updated_at = $2
       WHERE id = $1`,
      [assignmentId, at],
    );
  }

  /** Newest first; `limit + 1` rows. */
  async list(filter: {
    assignmentId?: string;
    kind?: ReminderKindName;
    from?: Date;
    to?: Date;
    afterId?: string;
    limit: number;
  }): Promise<ReminderRecord[]> {
    const rows = await this.db.query<ReminderRow[]>(
      `SELECT id, assignment_id, kind, event_id, due_at, created_at FROM ${this.t.reminders}
       WHERE ($1::uuid IS NULL OR assignment_id = $1) AND ($2::text IS NULL OR kind = $2)
         AND ($3::timestamptz IS NULL OR created_at >= $3) AND ($4::timestamptz IS NULL OR created_at < $4)
         AND ($5::uuid IS NULL OR id < $5)
       ORDER BY id DESC LIMIT $6`,
      [
        filter.assignmentId ?? null,
        filter.kind ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.afterId ?? null,
        filter.limit + 1,
      ],
    );
    return rows.map(toRecord);
  }

  /** Counts per bucket start (UTC) and kind over [from, to); empty buckets are absent. */
  async countByBucket(
    from: Date,
    to: Date,
    bucket: ReminderBucket,
  ): Promise<Array<{ start: Date; kind: ReminderKindName; n: number }>> {
    const rows = await this.db.query<Array<{ start: Date; kind: ReminderKindName; n: number }>>(
      `SELECT date_trunc($3, created_at, 'UTC') AS start, kind, count(*)::int AS n FROM ${this.t.reminders}
       WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2 ORDER BY 1`,
      [from, to, bucket],
    );
    return rows.map((r) => ({ start: r.start, kind: r.kind, n: r.n }));
  }
}

function toCandidate(row: CandidateRow): ReminderCandidate {
  return {
    assignmentId: row.assignment_id,
    jobId: row.job_id,
    practitionerId: row.practitioner_id,
    providerUserId: row.provider_user_id,
    customerId: row.customer_id,
    timeZone: row.time_zone,
    scheduleVersion: row.schedule_version,
    scheduledStart: row.scheduled_start,
    scheduledEnd: row.scheduled_end,
    awaitingSince: row.awaiting_since,
  };
}

function toRecord(row: ReminderRow): ReminderRecord {
  return {
    id: row.id,
    assignmentId: row.assignment_id,
    kind: row.kind,
    eventId: row.event_id,
    dueAt: row.due_at,
    createdAt: row.created_at,
  };
}
