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

  /** A batch of one job item per entry of `hours`, for practitioner i % n, each an hour from `start`. */
  async function submitHours(
    policy: CreateScheduleBatchBody['conflict_policy'],
    practitionerIds: string[],
    start: Date,
    hours: number[],
  ): Promise<{ id: string; jobs: string[] }> {
    const jobs = await openJobs(hours.length);
    const id = await submit({
      conflict_policy: policy,
      items: jobs.map((job_id, i) => ({
        job_id,
        practitioner_id: practitionerIds[i % practitionerIds.length],
        window: { start: hour(start, hours[i]).toISOString(), end: hour(start, hours[i] + 1).toISOString() },
      })),
    });
    return { id, jobs };
  }

  /** A second replica: its own orchestrator over the same database, with a short lease. */
  function replica(owner: string, batches = new ScheduleBatchesRepository(ctx.dataSource), leaseMs = 300) {
    const registry = new Registry();
    return new ScheduleBatchOrchestrator({
      batches,
      items: ctx.services.scheduleItems,
      chunks: ctx.services.scheduleChunks,
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

  it('skip: an item refused mid-chunk leaves nothing behind, and the chunk books the rest', async () => {
    const { id: practitionerId } = await ctx.practitioner();
    const start = futureMonday(6);
    // Position 4 asks for the hour position 1 already took: refused in the second chunk of three.
    const { id, jobs } = await submitHours('skip', [practitionerId], start, [0, 1, 2, 3, 1, 4]);
    expect(await replica('skipper').drain(id)).toBe(1);
    const items = await ctx.services.scheduleBatchQueries.listItems({ id, limit: 10 }, metaOf(ctx.admin));
    expect(items.items.map((i) => [i.status, i.booked_start, i.error_code])).toEqual([
      ['booked', hour(start, 0).toISOString(), null],
      ['booked', hour(start, 1).toISOString(), null],
      ['booked', hour(start, 2).toISOString(), null],
      ['booked', hour(start, 3).toISOString(), null],
      ['skipped', null, 'CF_PRACTITIONER_BUSY'],
      ['booked', hour(start, 4).toISOString(), null],
    ]);
    // The refused job item's assignment was undone with it; every other item has exactly one booking.
    const assignments = await ctx.dataSource.query(
      `SELECT count(*)::int AS n FROM scheduling.assignments WHERE job_id = $1`,
      [jobs[4]],
    );
    expect(assignments).toEqual([{ n: 0 }]);
    expect(await bookingsPerAssignment(id)).toEqual(Array(5).fill(1));
    expect(await ctx.overlappingBookings(practitionerId)).toBe(0);
  });

  it('skip over several practitioners: lanes side by side book each practitioner in position order', async () => {
    const practitioners = [await ctx.practitioner(), await ctx.practitioner(), await ctx.practitioner()];
    const start = futureMonday(8);
    // Practitioner n % 3; positions 7 and 10 ask for the hour position 1 (same practitioner) took.
    const { id } = await submitHours(
      'skip',
      practitioners.map((p) => p.id),
      start,
      [0, 0, 0, 1, 1, 1, 2, 0, 2, 3, 0, 3],
    );
    expect(await replica('lanes').drain(id)).toBe(1);
    const items = await ctx.services.scheduleBatchQueries.listItems({ id, limit: 20 }, metaOf(ctx.admin));
    expect(items.items.map((i) => i.status)).toEqual([
      ...Array(7).fill('booked'),
      'skipped',
      'booked',
      'booked',
      'skipped',
      'booked',
    ]);
    expect(await bookingsPerAssignment(id)).toEqual(Array(10).fill(1));
    for (const p of practitioners) expect(await ctx.overlappingBookings(p.id)).toBe(0);
    expect(await Promise.all(practitioners.map((p) => ctx.activeBookings(p.id)))).toEqual([4, 2, 4]);
  });

  it('fail: an item refused mid-chunk stops the batch there; the items before it stay booked', async () => {
    const { id: practitionerId } = await ctx.practitioner();
    const start = futureMonday(7);
    const { id } = await submitHours('fail', [practitionerId], start, [0, 1, 2, 1, 3]);
    expect(await replica('failer').drain(id)).toBe(1);
    const batch = await ctx.services.scheduleBatchQueries.get(id, metaOf(ctx.admin));
    expect(batch).toMatchObject({
      status: 'stopped',
      stopped_at_position: 3,
      progress: { total: 5, booked: 3, skipped: 1, not_attempted: 1, pending: 0 },
    });
    const items = await ctx.services.scheduleBatchQueries.listItems({ id, limit: 10 }, metaOf(ctx.admin));
    expect(items.items.map((i) => i.status)).toEqual([
      'booked',
      'booked',
      'booked',
      'skipped',
      'not_attempted',
    ]);
    expect(await ctx.activeBookings(practitionerId)).toBe(3);
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
