import { Actor, CallMeta, CreateResourceCommand } from '@slotline/contracts';
import { OutboxWriter } from '@slotline/messaging';
import { createLogger, Metrics } from '@slotline/observability';
import { createDataSource, TransactionRunner, uuidv7 } from '@slotline/persistence';
import type { DataSource } from 'typeorm';
import {
  aCallMeta,
  ALL_DAY_EVERY_DAY,
  anActor,
  LogCapture,
  pollUntil,
  serviceDatabaseUrl,
} from '@slotline/testing';
import { BOOKING_CONSTRAINT_ERRORS } from '../booking/booking-constraints';
import { composeScheduling, SchedulingComposition } from '../scheduling.composition';

export { ALL_DAY_EVERY_DAY, futureMonday } from '@slotline/testing';

export function actor(role: Actor['role'], userId = uuidv7()): Actor {
  return anActor(role, { user_id: userId, aal: 'aal1' });
}

export function metaOf(a: Actor): CallMeta {
  return aCallMeta(a);
}

/**
 * The scheduling services wired as in the app, against the real test database (as the service's own
 * role), without Nest or NATS: for integration tests of concurrency and persistence.
 */
export class SchedulingTestContext {
  dataSource!: DataSource;
  tx!: TransactionRunner;
  services!: SchedulingComposition;
  readonly logs = new LogCapture();
  readonly metrics = new Metrics({ service: 'scheduling', collectDefault: false });
  readonly admin = actor('admin');

  async setUp(poolSize = 20): Promise<void> {
    this.dataSource = createDataSource({
      url: serviceDatabaseUrl('scheduling'),
      schema: 'scheduling',
      applicationName: 'scheduling-int',
      poolSize,
    });
    await this.dataSource.initialize();
    this.tx = new TransactionRunner(this.dataSource, BOOKING_CONSTRAINT_ERRORS);
    this.services = composeScheduling({
      dataSource: this.dataSource,
      tx: this.tx,
      outbox: new OutboxWriter({ schema: 'scheduling', producer: 'scheduling' }),
      logger: createLogger({ service: 'scheduling', level: 'info', destination: this.logs }),
      metrics: this.metrics,
    });
  }

  async tearDown(): Promise<void> {
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
  }

  async practitioner(
    overrides: Partial<CreateResourceCommand> = {},
  ): Promise<{ id: string; provider: Actor }> {
    const provider = actor('provider');
    const created = await this.services.resources.create(
      {
        kind: 'practitioner',
        user_id: provider.user_id,
        name: 'Pat',
        time_zone: 'UTC',
        weekly_hours: ALL_DAY_EVERY_DAY,
        ...overrides,
      },
      metaOf(this.admin),
    );
    return { id: created.id, provider };
  }

  async room(kind: 'room' | 'equipment' = 'room'): Promise<string> {
    const created = await this.services.resources.create(
      { kind, name: kind, time_zone: 'UTC', weekly_hours: ALL_DAY_EVERY_DAY },
      metaOf(this.admin),
    );
    return created.id;
  }

  /** A job accepted by `provider` with a customer's proposal pending at `start`. */
  async proposedAssignment(opts: {
    provider: Actor;
    customer: Actor;
    start: Date;
    durationMinutes?: number;
    roomId?: string;
  }) {
    const job = await this.services.jobs.create(
      {
        service_type: 'visit',
        duration_minutes: opts.durationMinutes ?? 60,
        price_amount: 5000,
        currency: 'EUR',
        room_id: opts.roomId,
      },
      metaOf(opts.customer),
    );
    const accepted = await this.services.acceptJob.execute(job.id, metaOf(opts.provider));
    const proposed = await this.services.proposeSchedule.execute(
      { jobId: job.id },
      { start: opts.start.toISOString(), schedule_version: accepted.schedule_version },
      metaOf(opts.customer),
    );
    return { jobId: job.id, assignmentId: proposed.id, version: proposed.schedule_version };
  }

  /** Pairs of live rows of one resource whose buffered ranges overlap: must always be empty. */
  async overlappingBookings(resourceId: string): Promise<number> {
    const rows = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM scheduling.booking_resources a JOIN scheduling.booking_resources b
         ON a.resource_id = b.resource_id AND a.booking_id < b.booking_id AND a.during && b.during
       WHERE a.active AND b.active AND a.resource_id = $1`,
      [resourceId],
    );
    return rows[0].n;
  }

  async activeBookings(resourceId: string): Promise<number> {
    const rows = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM scheduling.booking_resources WHERE active AND resource_id = $1',
      [resourceId],
    );
    return rows[0].n;
  }

  /**
   * Waits until some session waits for a lock held by backend `pid`: true then, false if `settled` says
   * the work under test finished first (it did not wait at all).
   */
  async blockedBy(pid: number, settled: () => boolean = () => false): Promise<boolean> {
    const state = await pollUntil(
      `a session to wait for a lock of backend ${pid}`,
      async () => {
        if (settled()) return 'settled';
        const rows: unknown[] = await this.dataSource.query(
          'SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [pid],
        );
        return rows.length > 0 ? 'blocked' : null;
      },
      { intervalMs: 10, timeoutMs: 15_000 },
    );
    return state === 'blocked';
  }
}

/** Runs `work` over `items` with at most `width` in flight (setup of many rows without flooding the pool). */
export async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width) {
    results.push(...(await Promise.all(items.slice(i, i + width).map((item, j) => work(item, i + j)))));
  }
  return results;
}
