import { CreateScheduleBatchBody } from '@slotline/contracts';
import { createLogger } from '@slotline/observability';
import { Counter, Registry } from 'prom-client';
import { actor, futureMonday, metaOf, SchedulingTestContext } from '../testing/scheduling-test-context';
import { SubmitScheduleBatchHandler } from './commands/submit-schedule-batch/submit-schedule-batch.handler';
import { ScheduleBatchOrchestrator } from './schedule-batch.orchestrator';
import { ScheduleBatchesRepository } from './schedule-batches.repository';

/** SCH-8: the orchestrator against the real database, including a crash mid-batch and a takeover. */
describe(`${ScheduleBatchOrchestrator.name} (integration)`, () => {
  const ctx = new SchedulingTestContext();
  const customer = actor('customer');

  beforeAll(() => ctx.setUp(10));
  afterAll(() => ctx.tearDown());

  const hour = (base: Date, n: number) => new Date(base.getTime() + n * 3_600_000);

  async function openJobs(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const job = await ctx.services.jobs.create(
        { service_type: 'visit', duration_minutes: 60, price_amount: 100, currency: 'EUR' },
        metaOf(customer),
      );
      ids.push(job.id);
    }
    return ids;
  }

  async function submit(body: CreateScheduleBatchBody): Promise<string> {
    // Not woken: each test decides which replica works the batch, and when.
    const handler = new SubmitScheduleBatchHandler({
      batches: new ScheduleBatchesRepository(ctx.dataSource),
      tx: ctx.tx,
      logger: createLogger({ service: 'scheduling', level: 'info', destination: ctx.logs }),
      submitted: () => undefined,
    });
    return (await handler.execute(body, metaOf(ctx.admin))).id;
  }

  /** A second replica: its own orchestrator over the same database, with a short lease. */
  function replica(owner: string, batches = new ScheduleBatchesRepository(ctx.dataSource), leaseMs = 300) {
    const registry = new Registry();
    return new ScheduleBatchOrchestrator({
      batches,
      items: ctx.services.scheduleItems,
      booker: ctx.services.booker,
      tx: ctx.tx,
      logger: createLogger({ service: 'scheduling', level: 'info', destination: ctx.logs }),
      owner,
      settings: { chunkSize: 3, leaseMs },
      processed: new Counter({
        name: `items_${owner.replace(/\W/g, '_')}`,
        help: 'x',
        labelNames: ['status'],
        registers: [registry],
      }),
      retried: new Counter({
        name: `retries_${owner.replace(/\W/g, '_')}`,
        help: 'x',
        registers: [registry],
      }),
    });
  }

  async function bookingsPerAssignment(batchId: string): Promise<number[]> {
    const rows = await ctx.dataSource.query(
      `SELECT count(b.id)::int AS n FROM scheduling.schedule_batch_items i
         JOIN scheduling.assignments a ON a.job_id = i.job_id
         LEFT JOIN scheduling.bookings b ON b.assignment_id = a.id
        WHERE i.batch_id = $1 GROUP BY a.id ORDER BY a.id`,
      [batchId],
    );
    return rows.map((r: { n: number }) => r.n);
  }

  it('next_available books the nearest free window that fits, in the same transaction as the item', async () => {
    const { id: practitionerId } = await ctx.practitioner();
    const start = futureMonday(3);
    const jobs = await openJobs(3);
    const id = await submit({
      conflict_policy: 'next_available',
      items: jobs.map((job_id) => ({
        job_id,
        practitioner_id: practitionerId,
        window: { start: start.toISOString(), end: hour(start, 1).toISOString() },
      })),
    });
    await replica('solo').drain(id);
    const items = await ctx.services.scheduleBatchQueries.listItems({ id, limit: 10 }, metaOf(ctx.admin));
    expect(items.items.map((i) => [i.status, i.booked_start])).toEqual([
      ['booked', start.toISOString()],
      ['booked', hour(start, 1).toISOString()],
      ['booked', hour(start, 2).toISOString()],
    ]);
    expect(await ctx.overlappingBookings(practitionerId)).toBe(0);
  });

  it('survives a crash mid-batch: another replica takes the lease over and books no item twice', async () => {
    const { id: practitionerId } = await ctx.practitioner();
    const start = futureMonday(4);
    const jobs = await openJobs(8);
    const id = await submit({
      conflict_policy: 'skip',
      items: jobs.map((job_id, i) => ({
        job_id,
        practitioner_id: practitionerId,
        window: { start: hour(start, i).toISOString(), end: hour(start, i + 1).toISOString() },
      })),
    });

    // Replica A dies right after its first chunk committed (before it looks for the next one).
    class CrashAfterFirstChunk extends ScheduleBatchesRepository {
      private calls = 0;
      override async nextPending(batchId: string, limit: number) {
        if (++this.calls === 2) throw new Error('simulated crash');
        return super.nextPending(batchId, limit);
      }
    }
    const a = replica('replica-a', new CrashAfterFirstChunk(ctx.dataSource), 1500);
    await expect(a.drain(id)).rejects.toThrow('simulated crash');
    const afterCrash = await ctx.services.scheduleBatchQueries.get(id, metaOf(ctx.admin));
    expect(afterCrash.progress).toMatchObject({ booked: 3, pending: 5 });
    const firstBookings = await ctx.dataSource.query(
      `SELECT position, booking_id FROM scheduling.schedule_batch_items WHERE batch_id = $1 AND status = 'booked' ORDER BY position`,
      [id],
    );

    // While A's lease holds, B finds nothing to claim; once it runs out, B finishes the batch.
    const b = replica('replica-b');
    expect(await b.drain(id)).toBe(0);
    await new Promise((r) => setTimeout(r, 1600));
    expect(await b.drain(id)).toBe(1);

    const done = await ctx.services.scheduleBatchQueries.get(id, metaOf(ctx.admin));
    expect(done).toMatchObject({ status: 'completed', progress: { total: 8, booked: 8, pending: 0 } });
    const later = await ctx.dataSource.query(
      `SELECT position, booking_id FROM scheduling.schedule_batch_items WHERE batch_id = $1 AND position < 3 ORDER BY position`,
      [id],
    );
    expect(later).toEqual(firstBookings);
    expect(await bookingsPerAssignment(id)).toEqual(Array(8).fill(1));
    expect(await ctx.activeBookings(practitionerId)).toBe(8);
    expect(await ctx.overlappingBookings(practitionerId)).toBe(0);
  });

  it('a replica that lost its lease commits nothing more of the batch', async () => {
    const { id: practitionerId } = await ctx.practitioner();
    const start = futureMonday(5);
    const jobs = await openJobs(4);
    const id = await submit({
      conflict_policy: 'skip',
      items: jobs.map((job_id, i) => ({
        job_id,
        practitioner_id: practitionerId,
        window: { start: hour(start, i).toISOString(), end: hour(start, i + 1).toISOString() },
      })),
    });
    const repo = new ScheduleBatchesRepository(ctx.dataSource);
    const claimedByA = (await repo.claimNext('stale-a', 50, id))!;
    expect(claimedByA.id).toBe(id);
    await new Promise((r) => setTimeout(r, 100));
    const claimedByB = (await repo.claimNext('fresh-b', 60_000, id))!;
    expect(claimedByB.id).toBe(id);

    // A wakes up from a long pause and carries on: its chunk sees the lease is gone and writes nothing.
    expect(await replica('stale-a').work(claimedByA)).toBe('lease_lost');
    expect((await ctx.services.scheduleBatchQueries.get(id, metaOf(ctx.admin))).progress.pending).toBe(4);
    expect(await replica('fresh-b').work(claimedByB)).toBe('completed');
    expect(await bookingsPerAssignment(id)).toEqual(Array(4).fill(1));
  });
});
