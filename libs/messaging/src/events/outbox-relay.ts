import { SpanKind, startServerSpan } from '@slotline/observability';
import type { JetStreamClient, NatsConnection, PubAck } from 'nats';
import { headers as natsHeaders } from 'nats';
import { inPgTransaction, poolQueries, Queryable, Transaction } from '@slotline/persistence';
import type { DataSource } from 'typeorm';
import { AppError } from '@slotline/errors';
import { MessagingLogger, errorMessage, fallbackMessagingLogger } from './messaging-logger';
import { quoteSchema } from './outbox-sql';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  nc: NatsConnection;
  /** Prepended to each event type to form the subject (isolates tests and environments). Default ''. */
  subjectPrefix?: string;
  pollIntervalMs?: number;
  /**
   * How long after a wake-up (`wake`) the next batch runs; wake-ups within it share that batch.
   * Default 20 ms.
   */
  wakeDelayMs?: number;
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
 * instead of interleaving batches. `FOR UPDATE SKIP LOCKED` keeps a row from ever being published by
 * two transactions at once.
 *
 * A batch's rows are sent at once, in id order on one connection, and their acknowledgements awaited
 * together: one turn of a busy event loop per batch, not one per row. The stream stores them in the order
 * sent. Every row the stream acknowledged is marked published; the first failed row is recorded and
 * retried by the next batch. Rows behind it that did reach the stream therefore stay ahead of it: the one
 * case where events are stored out of id order (consumers do not rely on that order: see ADR 0002). After
 * a failure the relay sends one row at a time, stopping at a failure, until a batch goes through whole,
 * so a row that keeps failing holds back the rows behind it (`outbox_publish_failed`, the lag alert).
 *
 * The relay polls every `pollIntervalMs`, and `wake` (called by the service's `OutboxWriter` after each
 * commit that wrote events) runs a batch `wakeDelayMs` after a commit instead.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly lockKey: string;
  private readonly subjectPrefix: string;
  private readonly pollIntervalMs: number;
  private readonly wakeDelayMs: number;
  private readonly batchSize: number;
  /** The first message of every batch's transaction: begin, take the turn, read the batch. */
  private readonly takeBatch: string;
  /** Whether anything waits, asked outside a transaction while the outbox is idle (see `tick`). */
  private readonly anyWaiting: string;
  private readonly pool: Transaction;
  private readonly logger: MessagingLogger;
  /** A publish of the last batch failed: the next batches publish one row at a time (see the class doc). */
  private oneAtATime = false;
  /** The last batch came back empty: the next poll asks first instead of opening a transaction. */
  private idle = false;
  private running = false;
  /** A batch is running: a wake-up now asks for another batch after it (`wokenDuringBatch`). */
  private inBatch = false;
  private wokenDuringBatch = false;
  private timer: NodeJS.Timeout | null = null;
  /** When the pending timer fires (Date.now() scale). */
  private dueAt = 0;
  private current: Promise<unknown> | null = null;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.table = `${quoteSchema(opts.schema)}.outbox`;
    this.lockKey = `slotline.outbox.${opts.schema}`;
    this.subjectPrefix = opts.subjectPrefix ?? '';
    this.pollIntervalMs = opts.pollIntervalMs ?? 250;
    this.wakeDelayMs = opts.wakeDelayMs ?? 20;
    this.batchSize = opts.batchSize ?? 100;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new AppError('SYS_INTERNAL', `Invalid outbox batch size ${this.batchSize}`);
    if (!Number.isFinite(this.wakeDelayMs) || this.wakeDelayMs < 0)
      throw new AppError('SYS_INTERNAL', `Invalid outbox wake-up delay ${this.wakeDelayMs}`);
    // One simple-protocol message, so no bind parameters: the lock key is made of a checked schema
    // name (quoteSchema: [a-z0-9_] only) and the limit is a checked integer. The turn's lock is an
    // uncorrelated subquery: evaluated once, before the scan, as a one-time filter; without the turn
    // no row is read.
    this.takeBatch = `START TRANSACTION;
      SELECT id, subject, envelope, headers FROM ${this.table}
       WHERE (SELECT pg_try_advisory_xact_lock(hashtext('${this.lockKey}')::bigint)) AND published_at IS NULL
       ORDER BY id LIMIT ${this.batchSize} FOR UPDATE SKIP LOCKED`;
    this.anyWaiting = `SELECT EXISTS (SELECT 1 FROM ${this.table} WHERE published_at IS NULL) AS waiting`;
    this.pool = poolQueries(opts.dataSource);
    this.logger = opts.logger ?? fallbackMessagingLogger;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /**
   * Events were committed to this outbox (the writer calls this after COMMIT): their batch runs in
   * `wakeDelayMs` instead of at the next poll. Wake-ups within that delay share one batch. One that
   * arrives while a batch runs gets another batch after it, as that batch may have read the outbox
   * before the commit. The poll stays as the fallback: for rows another replica committed, and for a
   * wake-up lost with its process.
   */
  wake(): void {
    if (!this.running) return;
    // Something waits: the next batch need not ask first.
    this.idle = false;
    if (this.inBatch) {
      this.wokenDuringBatch = true;
      return;
    }
    if (this.timer && this.dueAt - Date.now() <= this.wakeDelayMs) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule(this.wakeDelayMs);
  }

  /** Stops polling and resolves once the batch in flight (if any) has finished. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current?.catch(() => undefined);
  }

  /**
   * Publishes at most one batch; returns how many rows were published. Two statements when there is
   * nothing to publish (the begin message with the turn's lock and the read, then COMMIT), three when
   * there is (plus one UPDATE for the whole batch), however many rows the batch holds.
   */
  async flushOnce(): Promise<number> {
    const js = this.opts.nc.jetstream();
    return inPgTransaction(
      this.opts.dataSource,
      () => this.takeBatch,
      async (tx, taken) => {
        const rows = (await taken) as OutboxRow[];
        const published: string[] = [];
        // After a failed publish, one at a time until a batch goes through whole (see the class doc).
        const acks = this.oneAtATime
          ? await this.publishInTurn(js, rows)
          : await Promise.allSettled(rows.map((row) => this.publish(js, row)));
        let failed = false;
        for (const [i, ack] of acks.entries()) {
          if (ack.status === 'rejected') {
            // Only the first failed row is counted: the next batches go one at a time from it (class doc).
            if (!failed) await this.recordFailure(tx, rows[i].id, ack.reason);
            failed = true;
            continue;
          }
          if (ack.value.duplicate)
            this.logger.info(
              { event: 'outbox_duplicate', event_id: rows[i].id },
              'event was already in the stream',
            );
          published.push(rows[i].id);
        }
        this.oneAtATime = published.length < rows.length;
        if (published.length > 0) {
          await tx.query(`UPDATE ${this.table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [
            published,
          ]);
        }
        return published.length;
      },
    );
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

  /** One row to the stream, with its id as `Nats-Msg-Id`, under a producer span continuing its trace. */
  private publish(js: JetStreamClient, row: OutboxRow): Promise<PubAck> {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(row.headers ?? {})) h.set(key, value);
    const carrier = row.headers?.traceparent ? { traceparent: row.headers.traceparent } : {};
    return startServerSpan(`publish ${row.subject}`, carrier, SpanKind.PRODUCER, () =>
      js.publish(this.subjectPrefix + row.subject, JSON.stringify(row.envelope), {
        msgID: row.id,
        headers: h,
      }),
    );
  }

  /** Publishes each row once the one before it is acknowledged, and none after a failure. */
  private async publishInTurn(
    js: JetStreamClient,
    rows: OutboxRow[],
  ): Promise<Array<PromiseSettledResult<PubAck>>> {
    const acks: Array<PromiseSettledResult<PubAck>> = [];
    for (const row of rows) {
      try {
        acks.push({ status: 'fulfilled', value: await this.publish(js, row) });
      } catch (reason) {
        acks.push({ status: 'rejected', reason });
        break;
      }
    }
    return acks;
  }

  private async recordFailure(manager: Queryable, id: string, err: unknown): Promise<void> {
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
    this.dueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.tick().finally(() => (this.current = null));
    }, delayMs);
  }

  /**
   * While the outbox is idle a poll is one statement on the pool (is any row unpublished?) instead of a
   * transaction (begin with the read, then commit); the batch's transaction runs once something waits.
   * After a batch that published rows the next poll goes straight to the transaction, so a busy
   * outbox pays nothing extra.
   */
  private async tick(): Promise<void> {
    let next = this.pollIntervalMs;
    this.inBatch = true;
    this.wokenDuringBatch = false;
    try {
      if (this.idle) {
        const [{ waiting }] = await this.pool.query<Array<{ waiting: boolean }>>(this.anyWaiting);
        if (!waiting) return;
      }
      const published = await this.flushOnce();
      this.idle = published === 0;
      // A full batch means more are waiting: go again at once instead of sleeping.
      if (published === this.batchSize) next = 0;
    } catch (err) {
      this.logger.error(
        { event: 'outbox_relay_failed', err: errorMessage(err) },
        'outbox relay batch failed',
      );
    } finally {
      this.inBatch = false;
      this.schedule(this.wokenDuringBatch ? Math.min(next, this.wakeDelayMs) : next);
    }
  }
}
