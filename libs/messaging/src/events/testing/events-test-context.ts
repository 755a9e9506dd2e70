import { connectTestNats, pollUntil, SUPERUSER_TEST_URL } from '@slotline/testing';
import { randomBytes } from 'node:crypto';
import type { ConsumerInfo, NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { ensureEventsStream } from '../events-stream';
import { MessagingLogger } from '../messaging-logger';
import { inboxDeadLettersSql, outboxTablesSql } from '../outbox-sql';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
}

/** A logger that keeps what it is told, so tests can check what operators would see. */
export class RecordingLogger implements MessagingLogger {
  readonly entries: LogEntry[] = [];
  info(obj: object, msg?: string): void {
    this.entries.push({ level: 'info', obj: obj as Record<string, unknown>, msg });
  }
  warn(obj: object, msg?: string): void {
    this.entries.push({ level: 'warn', obj: obj as Record<string, unknown>, msg });
  }
  error(obj: object, msg?: string): void {
    this.entries.push({ level: 'error', obj: obj as Record<string, unknown>, msg });
  }
  events(name: string): LogEntry[] {
    return this.entries.filter((e) => e.obj.event === name);
  }
}

/**
 * A private schema (outbox, inbox and an `effects` table for handler side effects), a private stream
 * and a private subject prefix, so suites run in parallel with everything else.
 */
export class EventsTestContext {
  readonly suffix = randomBytes(5).toString('hex');
  readonly schema = `msg_t_${this.suffix}`;
  readonly stream = `EVENTS_T_${this.suffix}`;
  readonly subjectPrefix = `t_${this.suffix}.`;
  dataSource: DataSource;
  nc: NatsConnection;

  async setUp(): Promise<void> {
    this.dataSource = new DataSource({
      type: 'postgres',
      url: SUPERUSER_TEST_URL,
      poolSize: 6,
    });
    await this.dataSource.initialize();
    await this.dataSource.query(`CREATE SCHEMA "${this.schema}"`);
    for (const sql of [...outboxTablesSql(this.schema), ...inboxDeadLettersSql(this.schema)])
      await this.dataSource.query(sql);
    await this.dataSource.query(
      `CREATE TABLE "${this.schema}".effects (event_id uuid PRIMARY KEY, count int NOT NULL)`,
    );
    this.nc = await connectTestNats();
    await ensureEventsStream(this.nc, { name: this.stream, subjectPrefix: this.subjectPrefix });
  }

  async tearDown(): Promise<void> {
    try {
      if (this.nc && !this.nc.isClosed()) {
        const jsm = await this.nc.jetstreamManager();
        await jsm.streams.delete(this.stream).catch(() => undefined);
        await this.nc.drain();
      }
    } finally {
      if (this.dataSource?.isInitialized) {
        await this.dataSource.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
        await this.dataSource.destroy();
      }
    }
  }

  subject(type: string): string {
    return this.subjectPrefix + type;
  }

  /** The side effect every test handler produces: one increment per run for the event. */
  async recordEffect(
    manager: { query(sql: string, params?: unknown[]): Promise<unknown> },
    eventId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO "${this.schema}".effects (event_id, count) VALUES ($1, 1)
       ON CONFLICT (event_id) DO UPDATE SET count = effects.count + 1`,
      [eventId],
    );
  }

  async effects(): Promise<Record<string, number>> {
    const rows: { event_id: string; count: number }[] = await this.dataSource.query(
      `SELECT event_id, count FROM "${this.schema}".effects`,
    );
    return Object.fromEntries(rows.map((r) => [r.event_id, r.count]));
  }

  async outboxRows(): Promise<
    { id: string; published_at: Date | null; attempts: number; last_error: string | null }[]
  > {
    return this.dataSource.query(
      `SELECT id, published_at, attempts, last_error FROM "${this.schema}".outbox ORDER BY id`,
    );
  }

  async streamMessages(): Promise<number> {
    const jsm = await this.nc.jetstreamManager();
    return (await jsm.streams.info(this.stream)).state.messages;
  }

  async consumerInfo(durable: string): Promise<ConsumerInfo> {
    const jsm = await this.nc.jetstreamManager();
    return jsm.consumers.info(this.stream, durable);
  }

  /** Resolves once the consumer has been handed every stream message so far and settled each one. */
  async waitUntilSettled(durable: string): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    const lastSeq = (await jsm.streams.info(this.stream)).state.last_seq;
    await waitFor(async () => {
      const info = await this.consumerInfo(durable);
      return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= lastSeq;
    }, `consumer ${durable} to settle`);
  }
}

/** `pollUntil` with this file's callers' argument order: the check first, every 25 ms, 15 s by default. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  await pollUntil(what, check, { timeoutMs, intervalMs: 25 });
}
