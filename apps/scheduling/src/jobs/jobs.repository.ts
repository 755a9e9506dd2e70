import type { JobStatusName } from '@slotline/contracts';
import { Queryable, SERVICE_SCHEMAS, tablesIn } from '@slotline/persistence';
import { Viewer } from '../common/viewer';
import { JobRecord, JobRow, NewJob } from './job.record';

type JobTables = Record<'jobs' | 'assignments', string>;

const JOB_FIELDS = [
  'id',
  'customer_id',
  'service_type',
  'duration_minutes',
  'price_amount',
  'currency',
  'time_zone',
  'room_id',
  'equipment_ids',
  'preferred_windows',
  'notes',
  'status',
  'cancel_reason',
  'created_at',
  'updated_at',
  'cancelled_at',
  'completed_at',
  'live_assignment_id',
] as const satisfies ReadonlyArray<keyof JobRow>;

/**
 * The select list of a job (alias `j`); with a `prefix`, every column is named `<prefix><column>`, for a
 * statement that returns the job beside another table's row (see `jobFromPrefixed`).
 */
export const jobColumns = (t: JobTables, prefix = ''): string =>
  JOB_FIELDS.map((f) => {
    const value =
      f === 'live_assignment_id'
        ? `(SELECT a.id FROM ${t.assignments} a WHERE a.job_id = j.id AND a.status IN ('awaiting_schedule', 'scheduled'))`
        : `j.${f}`;
    return prefix || f === 'live_assignment_id' ? `${value} AS ${prefix}${f}` : value;
  }).join(', ');

/** The job of a row selected with `jobColumns(t, prefix)`. */
export function jobFromPrefixed(row: Record<string, unknown>, prefix: string): JobRecord {
  return toJob(Object.fromEntries(JOB_FIELDS.map((f) => [f, row[prefix + f]])) as unknown as JobRow);
}

/**
 * Who sees a job: admins every job, a customer their own, a provider the open ones (to accept) and
 * those they hold or held an assignment for. $1 = user id, $2 = scope.
 */
const visible = (t: JobTables) => `($2::text = 'admin'
  OR ($2 = 'customer' AND j.customer_id = $1::uuid)
  OR ($2 = 'provider' AND (j.status = 'open'
      OR EXISTS (SELECT 1 FROM ${t.assignments} a WHERE a.job_id = j.id AND a.provider_user_id = $1::uuid))))`;

export class JobsRepository {
  private readonly t: JobTables;
  private readonly columns: string;
  private readonly visible: string;

  /** `schema` is the service's (SERVICE_SCHEMAS, through the composition root); tests may pass a private one. */
  constructor(
    private readonly db: Queryable,
    schema: string = SERVICE_SCHEMAS.scheduling.schema,
  ) {
    this.t = tablesIn(schema, ['jobs', 'assignments']);
    this.columns = jobColumns(this.t);
    this.visible = visible(this.t);
  }

  async insert(db: Queryable, job: NewJob): Promise<JobRecord> {
    await db.query(
      `INSERT INTO ${this.t.jobs} (id, customer_id, service_type, duration_minutes, price_amount, currency, time_zone, room_id,
         equipment_ids, preferred_windows, notes, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid[], $10, $11, 'open')`,
      [
        job.id,
        job.customerId,
        job.serviceType,
        job.durationMinutes,
        job.priceAmount,
        job.currency,
        job.timeZone,
        job.roomId,
        job.equipmentIds,
        JSON.stringify(
          job.preferredWindows.map((w) => ({ start: w.start.toISOString(), end: w.end.toISOString() })),
        ),
        job.notes,
      ],
    );
    return (await this.findById(job.id, db))!;
  }

  async findById(id: string, db: Queryable = this.db): Promise<JobRecord | null> {
    const rows = await db.query<JobRow[]>(`SELECT ${this.columns} FROM ${this.t.jobs} j WHERE j.id = $1`, [
      id,
    ]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async findVisible(id: string, viewer: Viewer, db: Queryable = this.db): Promise<JobRecord | null> {
    const rows = await db.query<JobRow[]>(
      `SELECT ${this.columns} FROM ${this.t.jobs} j WHERE ${this.visible} AND j.id = $3`,
      [viewer.userId, viewer.scope, id],
    );
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** Newest first; `limit + 1` rows. */
  async listVisible(
    viewer: Viewer,
    opts: { status?: JobStatusName; afterId?: string; limit: number },
  ): Promise<JobRecord[]> {
    const rows = await this.db.query<JobRow[]>(
      `SELECT ${this.columns} FROM ${this.t.jobs} j
       WHERE ${this.visible} AND ($3::text IS NULL OR j.status = $3) AND ($4::uuid IS NULL OR j.id < $4)
       ORDER BY j.id DESC LIMIT $5`,
      [viewer.userId, viewer.scope, opts.status ?? null, opts.afterId ?? null, opts.limit + 1],
    );
    return rows.map(toJob);
  }

  /** Row lock: every change to a job and its assignments takes it first (job, then assignment). */
  async lock(db: Queryable, id: string): Promise<JobRecord | null> {
    const rows = await db.query<JobRow[]>(
      `SELECT ${this.columns} FROM ${this.t.jobs} j WHERE j.id = $1 FOR UPDATE OF j`,
      [id],
    );
    return rows[0] ? toJob(rows[0]) : null;
  }

  async setStatus(
    db: Queryable,
    id: string,
    status: JobStatusName,
    extra: { cancelReason?: string | null } = {},
  ): Promise<void> {
    await db.query(
      `UPDATE ${this.t.jobs} SET status = $2, updated_at = now(),
         cancelled_at = CASE WHEN $2 = 'cancelled' THEN now() ELSE cancelled_at END,
         completed_at = CASE WHEN $2 = 'completed' THEN now() ELSE completed_at END,
         cancel_reason = CASE WHEN $2 = 'cancelled' THEN $3 ELSE cancel_reason END
       WHERE id = $1`,
      [id, status, extra.cancelReason ?? null],
    );
  }
}

function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    serviceType: row.service_type,
    durationMinutes: row.duration_minutes,
    // bigint arrives as a string; prices are far below 2^53.
    priceAmount: Number(row.price_amount),
    currency: row.currency,
    timeZone: row.time_zone,
    roomId: row.room_id,
    equipmentIds: row.equipment_ids ?? [],
    preferredWindows: row.preferred_windows.map((w) => ({
      start: new Date(w.start),
      end: new Date(w.end),
    })),
    notes: row.notes,
    status: row.status,
    cancelReason: row.cancel_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    cancelledAt: row.cancelled_at,
    completedAt: row.completed_at,
    liveAssignmentId: row.live_assignment_id,
  };
}
