import type { PayoutStatusName } from '@slotline/contracts';
import type { CaptureMethod, PayoutStatus } from '../domain';
import { Queryable, returnedRows, tablesIn } from '@slotline/persistence';
import { NewPayout, PayoutRecord } from './payout.record';

export interface PayoutFilter {
  status?: PayoutStatusName;
  providerUserId?: string;
  from?: Date;
  to?: Date;
  afterId?: string;
  limit: number;
}

/** A decision or settlement written under the row lock. */
export interface PayoutTransition {
  status: PayoutStatus;
  reason?: string | null;
  reference?: string | null;
  decidedBy?: string | null;
  decidedRole?: string | null;
  /** Approved payouts enter the capture queue, due at once. */
  queueCapture?: boolean;
  captureMethod?: CaptureMethod | null;
}

export class PayoutsRepository {
  private readonly table: string;

  /** `schema` is `payouts` in the service; integration tests use a private one. */
  constructor(
    private readonly db: Queryable,
    schema: string,
  ) {
    this.table = tablesIn(schema, ['payouts']).payouts;
  }

  /** One payout per assignment: a second insert for the same assignment returns null. */
  async insertOnce(db: Queryable, p: NewPayout): Promise<PayoutRecord | null> {
    const rows = await db.query<PayoutRow[]>(
      `INSERT INTO ${this.table} (id, assignment_id, job_id, provider_user_id, practitioner_id, customer_id, amount_minor, currency, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')
       ON CONFLICT ON CONSTRAINT payouts_assignment_key DO NOTHING RETURNING *`,
      [
        p.id,
        p.assignmentId,
        p.jobId,
        p.providerUserId,
        p.practitionerId,
        p.customerId,
        p.amountMinor,
        p.currency,
      ],
    );
    return rows[0] ? toPayout(rows[0]) : null;
  }

  async findById(id: string, db: Queryable = this.db): Promise<PayoutRecord | null> {
    const rows = await db.query<PayoutRow[]>(`SELECT * FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0] ? toPayout(rows[0]) : null;
  }

  /** Row lock: every decision and every capture outcome takes it first. */
  async lock(db: Queryable, id: string): Promise<PayoutRecord | null> {
    const rows = await db.query<PayoutRow[]>(`SELECT * FROM ${this.table} WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toPayout(rows[0]) : null;
  }

  /** Oldest first (ids are UUIDv7); `limit + 1` rows. */
  async findOldestFirst(f: PayoutFilter): Promise<PayoutRecord[]> {
    const rows = await this.db.query<PayoutRow[]>(
      `SELECT * FROM ${this.table}
       WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR provider_user_id = $2)
         AND ($3::timestamptz IS NULL OR created_at >= $3) AND ($4::timestamptz IS NULL OR created_at < $4)
         AND ($5::uuid IS NULL OR id > $5)
       ORDER BY id LIMIT $6`,
      [
        f.status ?? null,
        f.providerUserId ?? null,
        f.from ?? null,
        f.to ?? null,
        f.afterId ?? null,
        f.limit + 1,
      ],
    );
    return rows.map(toPayout);
  }

  /** A provider's own payouts, newest first; `limit + 1` rows. */
  async findNewestFirstOf(
    providerUserId: string,
    f: { status?: PayoutStatusName; afterId?: string; limit: number },
  ): Promise<PayoutRecord[]> {
    const rows = await this.db.query<PayoutRow[]>(
      `SELECT * FROM ${this.table}
       WHERE provider_user_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR id < $3)
       ORDER BY id DESC LIMIT $4`,
      [providerUserId, f.status ?? null, f.afterId ?? null, f.limit + 1],
    );
    return rows.map(toPayout);
  }

  async transition(db: Queryable, id: string, t: PayoutTransition): Promise<PayoutRecord> {
    const result = await db.query<PayoutRow[] | [PayoutRow[], number]>(
      `UPDATE ${this.table} SET status = $2,
         reason = COALESCE($3, reason), reference = COALESCE($4, reference),
         decided_by = COALESCE($5, decided_by), decided_role = COALESCE($6, decided_role),
         decided_at = CASE WHEN $5::uuid IS NULL THEN decided_at ELSE now() END,
         next_capture_at = CASE WHEN $7 THEN now() ELSE NULL END,
         capture_method = COALESCE($8, capture_method),
         captured_at = CASE WHEN $2 = 'captured' THEN now() ELSE captured_at END,
         capture_lease_until = NULL, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [
        id,
        t.status,
        t.reason ?? null,
        t.reference ?? null,
        t.decidedBy ?? null,
        t.decidedRole ?? null,
        t.queueCapture ?? false,
        t.captureMethod ?? null,
      ],
    );
    return toPayout(returnedRows(result)[0]);
  }

  /**
   * Leases the oldest due approved payouts to one worker for `leaseMs`: a worker that dies mid-capture
   * loses its lease and another picks the payout up again (with the same idempotency key).
   */
  async leaseDue(db: Queryable, limit: number, leaseMs: number): Promise<PayoutRecord[]> {
    const result = await db.query<PayoutRow[] | [PayoutRow[], number]>(
      `UPDATE ${this.table} SET capture_lease_until = now() + make_interval(secs => $2::double precision / 1000),
         capture_attempts = capture_attempts + 1
       WHERE id IN (
         SELECT id FROM ${this.table}
         WHERE status = 'approved' AND next_capture_at <= now()
           AND (capture_lease_until IS NULL OR capture_lease_until < now())
         ORDER BY next_capture_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [limit, leaseMs],
    );
    return returnedRows(result).map(toPayout);
  }

  /** A retryable failure: due again after the backoff. */
  async scheduleRetry(db: Queryable, id: string, delayMs: number, error: string): Promise<void> {
    await db.query(
      `UPDATE ${this.table} SET next_capture_at = now() + make_interval(secs => $2::double precision / 1000),
         capture_lease_until = NULL, last_capture_error = $3, updated_at = now()
       WHERE id = $1`,
      [id, delayMs, error],
    );
  }

  /** SCH-11 / PAY-4: how many wait for a decision and since when. */
  async pendingBacklog(): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await this.db.query<Array<{ count: number; oldest: Date | null }>>(
      `SELECT count(*)::int AS count, min(created_at) AS oldest FROM ${this.table} WHERE status = 'pending'`,
    );
    return { count: row.count, oldest: row.oldest ? new Date(row.oldest) : null };
  }
}

interface PayoutRow {
  id: string;
  assignment_id: string;
  job_id: string;
  provider_user_id: string;
  practitioner_id: string;
  customer_id: string;
  amount_minor: string | number;
  currency: string;
  status: PayoutStatus;
  reason: string | null;
  reference: string | null;
  decided_by: string | null;
  decided_role: string | null;
  decided_at: Date | null;
  capture_method: CaptureMethod | null;
  capture_attempts: number;
  next_capture_at: Date | null;
  last_capture_error: string | null;
  captured_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toPayout(r: PayoutRow): PayoutRecord {
  return {
    id: r.id,
    assignmentId: r.assignment_id,
    jobId: r.job_id,
    providerUserId: r.provider_user_id,
    practitionerId: r.practitioner_id,
    customerId: r.customer_id,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    status: r.status,
    reason: r.reason,
    reference: r.reference,
    decidedBy: r.decided_by,
    decidedRole: r.decided_role,
    decidedAt: r.decided_at,
    captureMethod: r.capture_method,
    captureAttempts: r.capture_attempts,
    nextCaptureAt: r.next_capture_at,
    lastCaptureError: r.last_capture_error,
    capturedAt: r.captured_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
