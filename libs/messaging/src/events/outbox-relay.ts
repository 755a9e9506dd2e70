import { SpanKind, startServerSpan } from '@slotline/observability';
import type { NatsConnection } from 'nats';
import { headers as natsHeaders } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { MessagingLogger, errorMessage, fallbackMessagingLogger } from './messaging-logger';
import { quoteSchema } from './outbox-sql';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  nc: NatsConnection;
  /** Prepended to each event type to form the subject (isolates tests and environments). Default ''. */
  subjectPrefix?: string;
  pollIntervalMs?: number;
  batchSize?: number;
  logger?: MessagingLogger;
}

export interface OutboxLag {
  pending: number;
  oldestAgeSeconds: number;
}

interface OutboxRow {
  id: string;
  subject: string;
  envelope: unknown;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows to JetStream, oldest first, with `Nats-Msg-Id` = event id.
 *
 * Delivery is at least once: a crash after the PubAck but before `published_at` is written makes the
 * next run publish the row again, which JetStream drops inside the stream's duplicate window (and the
 * consumers' inbox drops after it). Each batch holds a per-schema advisory lock, so replicas take turns
 * instead of interleaving batches, and a failed row stops its batch: events leave in id order.
 * `FOR UPDATE SKIP LOCKED` keeps a row from ever being published by two transactions at once.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly lockKey: string;
  private readonly subjectPrefix: string;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly logger: MessagingLogger;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.table = `${quoteSchema(opts.schema)}.outbox`;
    this.lockKey = `slotline.outbox.${opts.schema}`;
    this.subjectPrefix = opts.subjectPrefix ?? '';
    this.pollIntervalMs = opts.pollIntervalMs ?? 250;
    this.batchSize = opts.batchSize ?? 100;
    this.logger = opts.logger ?? fallbackMessagingLogger;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and resolves once the batch in flight (if any) has finished. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current?.catch(() => undefined);
  }

  /** Publishes at most one batch; returns how many rows were published. */
  async flushOnce(): Promise<number> {
    const js = this.opts.nc.jetstream();
    return this.opts.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)::bigint) AS locked',
        [this.lockKey],
      );
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, subject, envelope, headers FROM ${this.table}
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      const published: string[] = [];
      for (const row of rows) {
        try {
          const h = natsHeaders();
          for (const [key, value] of Object.entries(row.headers ?? {})) h.set(key, value);
          const carrier = row.headers?.traceparent ? { traceparent: row.headers.traceparent } : {};
          const ack = await startServerSpan(`publish ${row.subject}`, carrier, SpanKind.PRODUCER, () =>
            js.publish(this.subjectPrefix + row.subject, JSON.stringify(row.envelope), {
              msgID: row.id,
              headers: h,
            }),
          );
          if (ack.duplicate)
            this.logger.info(
              { event: 'outbox_duplicate', event_id: row.id },
              'event was already in the stream',
            );
          published.push(row.id);
        } catch (err) {
          await this.recordFailure(manager, row.id, err);
          break;
        }
      }
      if (published.length > 0) {
        await manager.query(`UPDATE ${this.table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [
          published,
        ]);
      }
      return published.length;
    });
  }

  /** Backlog for metrics and alerts: unpublished rows and the age of the oldest. */
  async lag(): Promise<OutboxLag> {
    const [row] = await this.opts.dataSource.query(
      `SELECT count(*)::int AS pending,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest
         FROM ${this.table} WHERE published_at IS NULL`,
    );
    return { pending: row.pending, oldestAgeSeconds: row.oldest };
  }

  /** Deletes rows published before `olderThan` (they serve no purpose once the stream has them). */
  async purgePublished(olderThan: Date): Promise<number> {
    const [, count] = await this.opts.dataSource.query(`DELETE FROM ${this.table} WHERE published_at < $1`, [
      olderThan,
    ]);
    return count as number;
  }

  private async recordFailure(manager: EntityManager, id: string, err: unknown): Promise<void> {
    const message = errorMessage(err);
    this.logger.warn(
      { event: 'outbox_publish_failed', event_id: id, err: message },
      'publishing an outbox event failed; will retry',
    );
    await manager.query(`UPDATE ${this.table} SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
      id,
      message.slice(0, 2000),
    ]);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.tick().finally(() => (this.current = null));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let next = this.pollIntervalMs;
    try {
      // A full batch means more are waiting: go again at once instead of sleeping.
      if ((await this.flushOnce()) === this.batchSize) next = 0;
    } catch (err) {
      this.logger.error(
        { event: 'outbox_relay_failed', err: errorMessage(err) },
        'outbox relay batch failed',
      );
    }
    this.schedule(next);
  }
}
