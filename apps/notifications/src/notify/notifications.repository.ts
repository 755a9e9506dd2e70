import type { NotificationStatusName } from '@slotline/contracts';
import { Queryable as Db, tablesIn } from '@slotline/persistence';
import {
  AttemptRecord,
  AttemptRow,
  NewNotification,
  NotificationRecord,
  NotificationRow,
} from './notification.record';

const COLUMNS = `id, event_id, event_type, event_occurred_at, kind, category, critical, recipient_id, channel,
  address, status, skip_reason, attempts, leases, max_attempts, next_attempt_at, deferred_until, content, fallback_of,
  created_at, sent_at`;

/** The columns `insertMany` writes per notification. */
const NEW_COLUMNS = 18;

/** `$from, …, $(from + count - 1)`. */
function placeholders(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');
}

/** An attempt's row; its parameters are `attemptParams` ($1 … $7). */
const ATTEMPT_INSERT = (table: string) =>
  `INSERT INTO ${table} (notification_id, attempt, status, response, error, started_at, finished_at)
   VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`;

function attemptParams(a: AttemptRecord): unknown[] {
  return [a.notificationId, a.attempt, a.status, a.response, a.error, a.startedAt, a.finishedAt];
}

export interface HistoryFilter {
  recipientId?: string;
  status?: NotificationStatusName;
  eventType?: string;
  from?: Date;
  to?: Date;
  afterId?: string;
  limit: number;
}

/** Every query of the notification history and the dispatcher's queue. */
export class NotificationsRepository {
  private readonly t: Record<'notification_attempts' | 'notifications', string>;

  /** `schema` from the composition root; no default, so a private schema never falls back to the real one. */
  constructor(
    private readonly db: Db,
    schema: string,
  ) {
    this.t = tablesIn(schema, ['notification_attempts', 'notifications']);
  }

  /** False when this (event, recipient, channel, kind) exists already: the event was handled before. */
  async insertOnce(db: Db, n: NewNotification): Promise<boolean> {
    return (await this.insertMany(db, [n])) === 1;
  }

  /**
   * Inserts the notifications in one statement, in order, skipping each (event, recipient, channel,
   * kind) that exists already; returns how many were new.
   */
  async insertMany(db: Db, notifications: NewNotification[]): Promise<number> {
    if (notifications.length === 0) return 0;
    const rows = await db.query<Array<{ id: string }>>(
      `INSERT INTO ${this.t.notifications} (id, event_id, event_type, event_occurred_at, kind, category, critical,
         recipient_id, channel, address, status, skip_reason, max_attempts, next_attempt_at, deferred_until, content,
         fallback_of, visit_id)
       VALUES ${notifications.map((_, i) => `(${placeholders(i * NEW_COLUMNS + 1, NEW_COLUMNS)})`).join(', ')}
       ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING RETURNING id`,
      notifications.flatMap((n) => [
        n.id,
        n.eventId,
        n.eventType,
        n.eventOccurredAt,
        n.kind,
        n.category,
        n.critical,
        n.recipientId,
        n.channel,
        n.address,
        n.status,
        n.skipReason ?? null,
        n.maxAttempts,
        n.nextAttemptAt,
        n.deferredUntil ?? null,
        JSON.stringify(n.content),
        n.fallbackOf ?? null,
        n.visitId ?? null,
      ]),
    );
    return rows.length;
  }

  /**
   * The visit was cancelled: its messages still waiting to go out (deferred by quiet hours, or waiting
   * for a retry) are skipped with `reason`, except critical ones and any a dispatcher is sending right
   * now (leased at `now`, the clock `leaseDue` leases by), whose outcome it records. Returns how many
   * were withdrawn.
   */
  async withdrawQueuedForVisit(db: Db, visitId: string, reason: string, now: Date): Promise<number> {
    const [, count] = await db.query<[unknown, number]>(
      `UPDATE ${this.t.notifications} SET status = 'skipped', skip_reason = $2, updated_at = $3
       WHERE visit_id = $1 AND status = 'queued' AND NOT critical AND (lease_until IS NULL OR lease_until < $3)`,
      [visitId, reason, now],
    );
    return count;
  }

  /**
   * Leases up to `limit` queued notifications that are due, oldest due first, counting the lease in
   * `leases`. A replica that dies while sending (or cannot record the outcome) leaves a lease that
   * expires, so the notification is picked up again (at least once); `leases - attempts` tells how often
   * that has happened.
   */
  async leaseDue(now: Date, leaseMs: number, limit: number): Promise<NotificationRecord[]> {
    const [rows] = await this.db.query<[NotificationRow[], number]>(
      `UPDATE ${this.t.notifications} SET leases = leases + 1,
         lease_until = $1::timestamptz + make_interval(secs => $2::double precision / 1000)
       WHERE id IN (SELECT id FROM ${this.t.notifications}
         WHERE status = 'queued' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
         ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [now, leaseMs, limit],
    );
    return rows.map(toRecord);
  }

  async recordAttempt(db: Db, a: AttemptRecord): Promise<void> {
    await db.query(ATTEMPT_INSERT(this.t.notification_attempts), attemptParams(a));
  }

  /**
   * Successful attempts and their notifications marked sent, all in one statement (atomic on its own,
   * so no transaction and no extra round trips around it).
   */
  async recordSent(attempts: AttemptRecord[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.db.query(
      `WITH sent AS (
         SELECT * FROM unnest($1::uuid[], $2::integer[], $3::text[], $4::timestamptz[], $5::timestamptz[])
           AS s (notification_id, attempt, response, started_at, finished_at)
       ), attempt AS (
         INSERT INTO ${this.t.notification_attempts} (notification_id, attempt, status, response, error, started_at,
           finished_at)
         SELECT notification_id, attempt, 'sent', response, NULL, started_at, finished_at FROM sent
         ON CONFLICT DO NOTHING
       )
       UPDATE ${this.t.notifications} n SET status = 'sent', attempts = s.attempt, last_response = s.response,
         last_error = NULL, sent_at = s.finished_at, updated_at = s.finished_at, lease_until = NULL
       FROM sent s WHERE n.id = s.notification_id`,
      [
        attempts.map((a) => a.notificationId),
        attempts.map((a) => a.attempt),
        attempts.map((a) => a.response),
        attempts.map((a) => a.startedAt),
        attempts.map((a) => a.finishedAt),
      ],
    );
  }

  /** A failed attempt and the notification's next try at `next`, in one statement. */
  async recordRetry(a: AttemptRecord, next: Date): Promise<void> {
    await this.db.query(
      `WITH attempt AS (${ATTEMPT_INSERT(this.t.notification_attempts)})
       UPDATE ${this.t.notifications} SET attempts = $2, last_error = $5, next_attempt_at = $8, updated_at = $7,
         lease_until = NULL WHERE id = $1`,
      [...attemptParams(a), next],
    );
  }

  /** Only while queued: a replica whose lease ran out may have recorded it sent meanwhile. */
  async markFailed(db: Db, id: string, attempts: number, error: string, at: Date): Promise<void> {
    await db.query(
      `UPDATE ${this.t.notifications} SET status = 'failed', attempts = $2, last_error = $3, updated_at = $4,
         lease_until = NULL WHERE id = $1 AND status = 'queued'`,
      [id, attempts, error, at],
    );
  }

  /** Newest first; `limit + 1` rows. */
  async list(f: HistoryFilter): Promise<NotificationRecord[]> {
    const rows = await this.db.query<NotificationRow[]>(
      `SELECT ${COLUMNS} FROM ${this.t.notifications}
       WHERE ($1::text IS NULL OR recipient_id = $1) AND ($2::text IS NULL OR status = $2)
         AND ($3::text IS NULL OR event_type = $3) AND ($4::timestamptz IS NULL OR created_at >= $4)
         AND ($5::timestamptz IS NULL OR created_at < $5) AND ($6::uuid IS NULL OR id < $6)
       ORDER BY id DESC LIMIT $7`,
      [
        f.recipientId ?? null,
        f.status ?? null,
        f.eventType ?? null,
        f.from ?? null,
        f.to ?? null,
        f.afterId ?? null,
        f.limit + 1,
      ],
    );
    return rows.map(toRecord);
  }

  async attemptsOf(ids: string[]): Promise<AttemptRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<AttemptRow[]>(
      `SELECT notification_id, attempt, status, response, error, started_at, finished_at
       FROM ${this.t.notification_attempts} WHERE notification_id = ANY($1::uuid[]) ORDER BY attempt`,
      [ids],
    );
    return rows.map((r) => ({
      notificationId: r.notification_id,
      attempt: r.attempt,
      status: r.status,
      response: r.response,
      error: r.error,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    }));
  }
}

function toRecord(r: NotificationRow): NotificationRecord {
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    eventOccurredAt: r.event_occurred_at,
    kind: r.kind,
    category: r.category,
    critical: r.critical,
    recipientId: r.recipient_id,
    channel: r.channel,
    address: r.address,
    status: r.status,
    skipReason: r.skip_reason,
    attempts: r.attempts,
    leases: r.leases,
    maxAttempts: r.max_attempts,
    nextAttemptAt: r.next_attempt_at,
    deferredUntil: r.deferred_until,
    content: r.content,
    fallbackOf: r.fallback_of,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}
