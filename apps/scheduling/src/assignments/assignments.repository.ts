import type { AssignmentStatusName } from '@slotline/contracts';
import { Queryable, SERVICE_SCHEMAS, tablesIn, updateSet } from '@slotline/persistence';
import { Viewer } from '../common/viewer';
import { JobRecord } from '../jobs/job.record';
import { jobColumns, jobFromPrefixed } from '../jobs/jobs.repository';
import { AssignmentChanges, AssignmentRecord, AssignmentRow } from './assignment.record';

const COLUMNS = `a.*, p.time_zone AS practitioner_time_zone, j.duration_minutes`;
/** The job's columns beside the assignment's in `lockWithJob`. */
const JOB_PREFIX = 'j_';
type AssignmentTables = Record<'assignments' | 'jobs' | 'resources', string>;

const joined = (t: AssignmentTables) => `${t.assignments} a
  JOIN ${t.resources} p ON p.id = a.practitioner_id
  JOIN ${t.jobs} j ON j.id = a.job_id`;

/** $1 = user id, $2 = scope: admins all, customers those of their jobs, providers their own. */
const VISIBLE = `($2::text = 'admin'
  OR ($2 = 'customer' AND a.customer_id = $1::uuid)
  OR ($2 = 'provider' AND a.provider_user_id = $1::uuid))`;

const CHANGE_COLUMNS: Record<keyof AssignmentChanges, string> = {
  status: 'status',
  scheduleVersion: 'schedule_version',
  proposedStart: 'proposed_start',
  proposedEnd: 'proposed_end',
  proposedBy: 'schedule_proposed_by',
  proposedByUserId: 'proposed_by_user_id',
  proposedAt: 'proposed_at',
  scheduledStart: 'scheduled_start',
  scheduledEnd: 'scheduled_end',
  confirmedAt: 'confirmed_at',
  bookingId: 'booking_id',
  rejectedAt: 'rejected_at',
  rejectionReason: 'rejection_reason',
  completedAt: 'completed_at',
  cancelledAt: 'cancelled_at',
  reminderOverdue: 'reminder_overdue',
  reminderOverdueAt: 'reminder_overdue_at',
};

export interface FulfilmentCounts {
  awaiting_schedule: number;
  scheduled: number;
  reminder_overdue: number;
}

export class AssignmentsRepository {
  private readonly t: AssignmentTables;
  private readonly from: string;
  private readonly withJob: string;

  /** `schema` is the service's (SERVICE_SCHEMAS, through the composition root); tests may pass a private one. */
  constructor(
    private readonly db: Queryable,
    schema: string = SERVICE_SCHEMAS.scheduling.schema,
  ) {
    this.t = tablesIn(schema, ['assignments', 'jobs', 'resources']);
    this.from = joined(this.t);
    this.withJob = `${COLUMNS}, ${jobColumns(this.t, JOB_PREFIX)}`;
  }

  async insert(
    db: Queryable,
    a: { id: string; jobId: string; practitionerId: string; providerUserId: string; customerId: string },
  ): Promise<AssignmentRecord> {
    await db.query(
      `INSERT INTO ${this.t.assignments} (id, job_id, practitioner_id, provider_user_id, customer_id, status)
       VALUES ($1, $2, $3, $4, $5, 'awaiting_schedule')`,
      [a.id, a.jobId, a.practitionerId, a.providerUserId, a.customerId],
    );
    return (await this.findById(a.id, db))!;
  }

  async findById(id: string, db: Queryable = this.db): Promise<AssignmentRecord | null> {
    const rows = await db.query<AssignmentRow[]>(`SELECT ${COLUMNS} FROM ${this.from} WHERE a.id = $1`, [id]);
    return rows[0] ? toAssignment(rows[0]) : null;
  }

  /**
   * The assignment and its job, both row-locked by one statement (one round trip): PostgreSQL locks the
   * rows of `FOR UPDATE OF j, a` in that list's order, so the job's lock is taken (or waited for) before
   * the assignment's — the order every path keeps (AssignmentLocks), so this cannot deadlock with them.
   * A row changed while this waited is read again at its latest version before it is returned.
   */
  async lockWithJob(
    db: Queryable,
    id: string,
  ): Promise<{ assignment: AssignmentRecord; job: JobRecord } | null> {
    const rows = await db.query<Array<AssignmentRow & Record<string, unknown>>>(
      `SELECT ${this.withJob} FROM ${this.from} WHERE a.id = $1 FOR UPDATE OF j, a`,
      [id],
    );
    return rows[0] ? { assignment: toAssignment(rows[0]), job: jobFromPrefixed(rows[0], JOB_PREFIX) } : null;
  }

  /** Take the job's lock first (JobsRepository.lock), then this one. */
  async lock(db: Queryable, id: string): Promise<AssignmentRecord | null> {
    const rows = await db.query<AssignmentRow[]>(
      `SELECT ${COLUMNS} FROM ${this.from} WHERE a.id = $1 FOR UPDATE OF a`,
      [id],
    );
    return rows[0] ? toAssignment(rows[0]) : null;
  }

  async lockLiveOfJob(db: Queryable, jobId: string): Promise<AssignmentRecord | null> {
    const rows = await db.query<AssignmentRow[]>(
      `SELECT ${COLUMNS} FROM ${this.from} WHERE a.job_id = $1 AND a.status IN ('awaiting_schedule', 'scheduled') FOR UPDATE OF a`,
      [jobId],
    );
    return rows[0] ? toAssignment(rows[0]) : null;
  }

  async hasRejected(db: Queryable, jobId: string, providerUserId: string): Promise<boolean> {
    const rows = await db.query<unknown[]>(
      `SELECT 1 FROM ${this.t.assignments} WHERE job_id = $1 AND provider_user_id = $2 AND status = 'rejected' LIMIT 1`,
      [jobId, providerUserId],
    );
    return rows.length > 0;
  }

  async findVisible(id: string, viewer: Viewer): Promise<AssignmentRecord | null> {
    const rows = await this.db.query<AssignmentRow[]>(
      `SELECT ${COLUMNS} FROM ${this.from} WHERE ${VISIBLE} AND a.id = $3`,
      [viewer.userId, viewer.scope, id],
    );
    return rows[0] ? toAssignment(rows[0]) : null;
  }

  /** Newest first; `limit + 1` rows. */
  async listVisible(
    viewer: Viewer,
    opts: { status?: AssignmentStatusName; jobId?: string; afterId?: string; limit: number },
  ): Promise<AssignmentRecord[]> {
    const rows = await this.db.query<AssignmentRow[]>(
      `SELECT ${COLUMNS} FROM ${this.from}
       WHERE ${VISIBLE} AND ($3::text IS NULL OR a.status = $3) AND ($4::uuid IS NULL OR a.job_id = $4)
         AND ($5::uuid IS NULL OR a.id < $5)
       ORDER BY a.id DESC LIMIT $6`,
      [
        viewer.userId,
        viewer.scope,
        opts.status ?? null,
        opts.jobId ?? null,
        opts.afterId ?? null,
        opts.limit + 1,
      ],
    );
    return rows.map(toAssignment);
  }

  /** Writes the changes and answers the row as it now is, in one statement. */
  async update(db: Queryable, id: string, changes: AssignmentChanges): Promise<AssignmentRecord> {
    const { set, params } = updateSet(id, changes, CHANGE_COLUMNS);
    const rows = await db.query<AssignmentRow[]>(
      `WITH a AS (UPDATE ${this.t.assignments} SET ${set} WHERE id = $1 RETURNING *)
       SELECT ${COLUMNS} FROM a JOIN ${this.t.resources} p ON p.id = a.practitioner_id JOIN ${this.t.jobs} j ON j.id = a.job_id`,
      params,
    );
    return toAssignment(rows[0]);
  }

  async countFulfilment(): Promise<FulfilmentCounts> {
    const rows = await this.db.query<FulfilmentCounts[]>(
      `SELECT count(*) FILTER (WHERE status = 'awaiting_schedule')::int AS awaiting_schedule,
              count(*) FILTER (WHERE status = 'scheduled')::int AS scheduled,
              count(*) FILTER (WHERE status = 'awaiting_schedule' AND reminder_overdue)::int AS reminder_overdue
       FROM ${this.t.assignments} WHERE status IN ('awaiting_schedule', 'scheduled')`,
    );
    return rows[0];
  }
}

export function toAssignment(row: AssignmentRow): AssignmentRecord {
  return {
    id: row.id,
    jobId: row.job_id,
    practitionerId: row.practitioner_id,
    providerUserId: row.provider_user_id,
    customerId: row.customer_id,
    status: row.status,
    scheduleVersion: row.schedule_version,
    proposedStart: row.proposed_start,
    proposedEnd: row.proposed_end,
    proposedBy: row.schedule_proposed_by,
    proposedByUserId: row.proposed_by_user_id,
    proposedAt: row.proposed_at,
    scheduledStart: row.scheduled_start,
    scheduledEnd: row.scheduled_end,
    confirmedAt: row.confirmed_at,
    bookingId: row.booking_id,
    rejectedAt: row.rejected_at,
    rejectionReason: row.rejection_reason,
    completedAt: row.completed_at,
    cancelledAt: row.cancelled_at,
    reminderOverdue: row.reminder_overdue,
    reminderOverdueAt: row.reminder_overdue_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    timeZone: row.practitioner_time_zone,
    durationMinutes: row.duration_minutes,
  };
}
