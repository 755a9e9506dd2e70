import type { ConflictPolicyName, ScheduleItemStatusName } from '@slotline/contracts';
import { Queryable, returnedRows, SERVICE_SCHEMAS, tablesIn } from '@slotline/persistence';
import {
  ItemOutcome,
  NewScheduleItem,
  ProgressCounts,
  ScheduleBatchRecord,
  ScheduleItemRecord,
} from './schedule-batch.record';

/** One item's outcome, as a chunk writes it. */
export interface SettledItem {
  position: number;
  outcome: ItemOutcome;
}

/** Schedule batches (SCH-8): the batch row holds the lease, the item rows each item's outcome. */
export class ScheduleBatchesRepository {
  private readonly t: Record<'schedule_batches' | 'schedule_batch_items' | 'assignments' | 'jobs', string>;

  /** `schema` is the service's (SERVICE_SCHEMAS, through the composition root); tests may pass a private one. */
  constructor(
    private readonly db: Queryable,
    schema: string = SERVICE_SCHEMAS.scheduling.schema,
  ) {
    this.t = tablesIn(schema, ['schedule_batches', 'schedule_batch_items', 'assignments', 'jobs']);
  }

  async insert(
    db: Queryable,
    batch: { id: string; conflictPolicy: ConflictPolicyName; requestedBy: string; requestId: string | null },
    items: readonly NewScheduleItem[],
  ): Promise<void> {
    await db.query(
      `INSERT INTO ${this.t.schedule_batches} (id, conflict_policy, requested_by, request_id)
       VALUES ($1, $2, $3, $4)`,
      [batch.id, batch.conflictPolicy, batch.requestedBy, batch.requestId],
    );
    // One statement for up to 1,000 items: arrays unnested side by side.
    await db.query(
      `INSERT INTO ${this.t.schedule_batch_items}
         (batch_id, position, assignment_id, job_id, practitioner_id, requested_start, requested_end)
       SELECT $1, * FROM unnest($2::int[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::timestamptz[])`,
      [
        batch.id,
        items.map((i) => i.position),
        items.map((i) => i.assignmentId),
        items.map((i) => i.jobId),
        items.map((i) => i.practitionerId),
        items.map((i) => i.requestedStart.toISOString()),
        items.map((i) => i.requestedEnd.toISOString()),
      ],
    );
  }

  async findById(id: string, db: Queryable = this.db): Promise<ScheduleBatchRecord | null> {
    const rows = await db.query<Row[]>(`SELECT * FROM ${this.t.schedule_batches} WHERE id = $1`, [id]);
    return rows[0] ? toBatch(rows[0]) : null;
  }

  async countByStatus(batchId: string, db: Queryable = this.db): Promise<ProgressCounts> {
    const rows = await db.query<Array<{ status: ScheduleItemStatusName; n: string }>>(
      `SELECT status, count(*) AS n FROM ${this.t.schedule_batch_items} WHERE batch_id = $1 GROUP BY status`,
      [batchId],
    );
    const counts: ProgressCounts = { pending: 0, booked: 0, skipped: 0, failed: 0, not_attempted: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  async listItems(
    batchId: string,
    page: { afterPosition?: number; status?: ScheduleItemStatusName; limit: number },
  ): Promise<ScheduleItemRecord[]> {
    const rows = await this.db.query<Row[]>(
      `SELECT * FROM ${this.t.schedule_batch_items}
        WHERE batch_id = $1 AND position > $2 AND ($3::text IS NULL OR status = $3)
        ORDER BY position LIMIT $4`,
      [batchId, page.afterPosition ?? -1, page.status ?? null, page.limit + 1],
    );
    return rows.map(toItem);
  }

  /**
   * Takes the oldest unfinished batch whose lease is free or has run out; null when there is none.
   * SKIP LOCKED: replicas claiming at the same moment take different batches instead of queueing.
   */
  async claimNext(owner: string, leaseMs: number, onlyId?: string): Promise<ScheduleBatchRecord | null> {
    const rows = returnedRows(
      await this.db.query<Row[] | [Row[], number]>(
        `UPDATE ${this.t.schedule_batches} b
            SET lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2::double precision / 1000),
                status = 'running', updated_at = now()
          WHERE b.id = (
            SELECT id FROM ${this.t.schedule_batches}
             WHERE status IN ('pending', 'running') AND (lease_expires_at IS NULL OR lease_expires_at < now())
               AND ($3::uuid IS NULL OR id = $3)
             ORDER BY created_at
             LIMIT 1
             FOR UPDATE SKIP LOCKED)
        RETURNING b.*`,
        [owner, leaseMs, onlyId ?? null],
      ),
    );
    return rows[0] ? toBatch(rows[0]) : null;
  }

  /** Inside a chunk's transaction: false when the lease was lost (expired and taken by another replica). */
  async holdLease(db: Queryable, batchId: string, owner: string, leaseMs: number): Promise<boolean> {
    const rows = returnedRows(
      await db.query<Row[] | [Row[], number]>(
        `UPDATE ${this.t.schedule_batches}
            SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000), updated_at = now()
          WHERE id = $1 AND lease_owner = $2 AND status = 'running'
        RETURNING id`,
        [batchId, owner, leaseMs],
      ),
    );
    return rows.length === 1;
  }

  async releaseLease(batchId: string, owner: string): Promise<void> {
    await this.db.query(
      `UPDATE ${this.t.schedule_batches} SET lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE id = $1 AND lease_owner = $2`,
      [batchId, owner],
    );
  }

  /**
   * Inside a lane's transaction, when several lanes work the batch side by side: false when the lease was
   * lost. The batch row is held FOR SHARE until the lane commits, so no other replica can take the batch
   * over meanwhile (its claim skips a locked row) while the lanes do not queue behind each other.
   */
  async checkLease(db: Queryable, batchId: string, owner: string): Promise<boolean> {
    const rows = await db.query<Row[]>(
      `SELECT id FROM ${this.t.schedule_batches} WHERE id = $1 AND lease_owner = $2 AND status = 'running' FOR SHARE`,
      [batchId, owner],
    );
    return rows.length === 1;
  }

  /**
   * The resources each item would book (its practitioner, its job's room and equipment), by position, for
   * splitting items into lanes; an item naming an unknown assignment or job has none.
   */
  async resourcesOf(batchId: string, positions: readonly number[]): Promise<Map<number, string[]>> {
    const rows = await this.db.query<
      Array<{
        position: number;
        practitioner_id: string | null;
        room_id: string | null;
        equipment_ids: string[] | null;
      }>
    >(
      `SELECT i.position, COALESCE(i.practitioner_id, a.practitioner_id) AS practitioner_id, j.room_id, j.equipment_ids
         FROM ${this.t.schedule_batch_items} i
         LEFT JOIN ${this.t.assignments} a ON a.id = i.assignment_id
         LEFT JOIN ${this.t.jobs} j ON j.id = COALESCE(i.job_id, a.job_id)
        WHERE i.batch_id = $1 AND i.position = ANY($2::int[])`,
      [batchId, positions],
    );
    return new Map(
      rows.map((r) => [
        r.position,
        [r.practitioner_id, r.room_id, ...(r.equipment_ids ?? [])].filter((id): id is string => id !== null),
      ]),
    );
  }

  async nextPending(batchId: string, limit: number): Promise<ScheduleItemRecord[]> {
    const rows = await this.db.query<Row[]>(
      `SELECT * FROM ${this.t.schedule_batch_items} WHERE batch_id = $1 AND status = 'pending'
        ORDER BY position LIMIT $2`,
      [batchId, limit],
    );
    return rows.map(toItem);
  }

  /**
   * The items at `positions` that are still pending, locked, in position order: an item another replica
   * already settled is left alone.
   */
  async lockPending(
    db: Queryable,
    batchId: string,
    positions: readonly number[],
  ): Promise<ScheduleItemRecord[]> {
    const rows = await db.query<Row[]>(
      `SELECT * FROM ${this.t.schedule_batch_items}
        WHERE batch_id = $1 AND position = ANY($2::int[]) AND status = 'pending'
        ORDER BY position
        FOR UPDATE`,
      [batchId, positions],
    );
    return rows.map(toItem);
  }

  /** Writes the outcome of each item, all in one statement. */
  async settle(
    db: Queryable,
    batchId: string,
    settled: readonly SettledItem[],
    attempts: number,
  ): Promise<void> {
    if (settled.length === 0) return;
    const booked = (o: ItemOutcome) => (o.status === 'booked' ? o : null);
    const refused = (o: ItemOutcome) => (o.status === 'booked' ? null : o);
    await db.query(
      `UPDATE ${this.t.schedule_batch_items} i
          SET status = u.status, booked_start = u.booked_start, booked_end = u.booked_end, booking_id = u.booking_id,
              assignment_id = COALESCE(u.assignment_id, i.assignment_id), error_code = u.error_code,
              error_message = u.error_message, attempts = $2, updated_at = now()
         FROM unnest($3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::uuid[], $8::uuid[], $9::text[], $10::text[])
           AS u(position, status, booked_start, booked_end, booking_id, assignment_id, error_code, error_message)
        WHERE i.batch_id = $1 AND i.position = u.position`,
      [
        batchId,
        attempts,
        settled.map((s) => s.position),
        settled.map((s) => s.outcome.status),
        settled.map((s) => booked(s.outcome)?.start.toISOString() ?? null),
        settled.map((s) => booked(s.outcome)?.end.toISOString() ?? null),
        settled.map((s) => booked(s.outcome)?.bookingId ?? null),
        settled.map((s) => booked(s.outcome)?.assignmentId ?? null),
        settled.map((s) => refused(s.outcome)?.code ?? null),
        settled.map((s) => refused(s.outcome)?.message ?? null),
      ],
    );
  }

  /** A `fail` batch stops: the items after the refused one are never attempted. */
  async stop(db: Queryable, batchId: string, position: number): Promise<void> {
    await db.query(
      `UPDATE ${this.t.schedule_batch_items} SET status = 'not_attempted', updated_at = now()
        WHERE batch_id = $1 AND status = 'pending' AND position > $2`,
      [batchId, position],
    );
    await db.query(
      `UPDATE ${this.t.schedule_batches}
          SET status = 'stopped', stopped_at_position = $2, finished_at = now(), updated_at = now(),
              lease_owner = NULL, lease_expires_at = NULL
        WHERE id = $1`,
      [batchId, position],
    );
  }

  /** Completes the batch once no item is pending; false while some still are. */
  async completeIfDone(batchId: string, owner: string): Promise<boolean> {
    const rows = returnedRows(
      await this.db.query<Row[] | [Row[], number]>(
        `UPDATE ${this.t.schedule_batches} b
            SET status = 'completed', finished_at = now(), updated_at = now(), lease_owner = NULL, lease_expires_at = NULL
          WHERE id = $1 AND lease_owner = $2 AND status = 'running'
            AND NOT EXISTS (SELECT 1 FROM ${this.t.schedule_batch_items} i WHERE i.batch_id = b.id AND i.status = 'pending')
        RETURNING id`,
        [batchId, owner],
      ),
    );
    return rows.length === 1;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

function toBatch(r: Row): ScheduleBatchRecord {
  return {
    id: r.id,
    conflictPolicy: r.conflict_policy,
    status: r.status,
    requestedBy: r.requested_by,
    requestId: r.request_id,
    stoppedAtPosition: r.stopped_at_position,
    leaseOwner: r.lease_owner,
    leaseExpiresAt: r.lease_expires_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

function toItem(r: Row): ScheduleItemRecord {
  return {
    batchId: r.batch_id,
    position: r.position,
    status: r.status,
    assignmentId: r.assignment_id,
    jobId: r.job_id,
    practitionerId: r.practitioner_id,
    requestedStart: r.requested_start,
    requestedEnd: r.requested_end,
    bookedStart: r.booked_start,
    bookedEnd: r.booked_end,
    bookingId: r.booking_id,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    attempts: r.attempts,
  };
}
