import { CreateScheduleBatchBody, SCHEDULING_EVENTS } from '@slotline/contracts';
import { OutboxWriter } from '@slotline/messaging';
import { createLogger } from '@slotline/observability';
import { Queryable } from '@slotline/persistence';
import { Counter, Registry } from 'prom-client';
import { BookingsRepository } from '../booking/bookings.repository';
import { ResourcesRepository } from '../resources/resources.repository';
import { actor, futureMonday, metaOf, SchedulingTestContext } from '../testing/scheduling-test-context';
import { ChunkBooker } from './chunk-booker';
import { SubmitScheduleBatchHandler } from './commands/submit-schedule-batch/submit-schedule-batch.handler';
import { ChunkBookingsRepository } from './chunk-bookings.repository';
import { ScheduleBatchOrchestrator } from './schedule-batch.orchestrator';
import { ScheduleBatchesRepository } from './schedule-batches.repository';

/** SCH-8: a chunk of assignment items booked set-based, against the real database. */
describe(`${ChunkBooker.name} (integration)`, () => {
  const ctx = new SchedulingTestContext();
  const customer = actor('customer');
  const hour = (base: Date, n: number) => new Date(base.getTime() + n * 3_600_000);
  const batches = () => new ScheduleBatchesRepository(ctx.dataSource);

  beforeAll(() => ctx.setUp(10));
  afterAll(() => ctx.tearDown());

  /** `n` assignments of one practitioner awaiting a schedule (a customer's proposal pending). */
  async function assignments(n: number, start: Date, roomId?: string) {
    const p = await ctx.practitioner();
    const out: string[] = [];
    for (let i = 0; i < n; i++)
      out.push(
        (await ctx.proposedAssignment({ provider: p.provider, customer, start: hour(start, i), roomId }))
          .assignmentId,
      );
    return { practitionerId: p.id, ids: out };
  }

  async function submit(
    policy: CreateScheduleBatchBody['conflict_policy'],
    ids: string[],
    hours: number[],
    start: Date,
  ) {
    // Not woken: the test's own replica works the batch.
    const handler = new SubmitScheduleBatchHandler({
      batches: batches(),
      tx: ctx.tx,
      logger: createLogger({ service: 'scheduling', level: 'info', destination: ctx.logs }),
      submitted: () => undefined,
    });
    const batch = await handler.execute(
      {
        conflict_policy: policy,
        items: ids.map((assignment_id, i) => ({
          assignment_id,
          window: {
            start: hour(start, hours[i]).toISOString(),
            end: hour(start, hours[i] + 1).toISOString(),
          },
        })),
      },
      metaOf(ctx.admin),
    );
    return batch.id;
  }

  /** The booker's answer for the batch's pending items, in a transaction that is rolled back. */
  async function bookAll(sut: ChunkBooker, batchId: string, positions: number[]) {
    let answer: Awaited<ReturnType<ChunkBooker['book']>> | undefined;
    await ctx.tx
      .run(async (m: Queryable) => {
        const items = await batches().lockPending(m, batchId, positions);
        answer = await sut.book(m, items, metaOf(ctx.admin));
        throw new Error('roll back');
      })
      .catch((err: Error) => {
        if (err.message !== 'roll back') throw err;
      });
    return answer!;
  }

  async function eventsOf(assignmentId: string) {
    const rows = await ctx.dataSource.query(
      `SELECT subject, envelope->'data' AS data FROM scheduling.outbox
        WHERE envelope->'data'->>'assignment_id' = $1 AND subject = ANY($2::text[]) ORDER BY id`,
      [assignmentId, [SCHEDULING_EVENTS.bookingCreated, SCHEDULING_EVENTS.scheduleConfirmed]],
    );
    return rows as Array<{ subject: string; data: Record<string, unknown> }>;
  }

  function replica(owner: string, chunks = ctx.services.scheduleChunks) {
    const registry = new Registry();
    return new ScheduleBatchOrchestrator({
      batches: batches(),
      items: ctx.services.scheduleItems,
      chunks,
      booker: ctx.services.booker,
      tx: ctx.tx,
      logger: createLogger({ service: 'scheduling', level: 'info', destination: ctx.logs }),
      owner,
      settings: { chunkSize: 3 },
      processed: new Counter({
        name: `c_${owner}`,
        help: 'x',
        labelNames: ['status'],
        registers: [registry],
      }),
      retried: new Counter({ name: `r_${owner}`, help: 'x', registers: [registry] }),
    });
  }

  it('books a chunk together, writing what a single confirm writes, events included', async () => {
    const start = futureMonday(11);
    const room = await ctx.room();
    const { practitionerId, ids } = await assignments(4, start, room);
    // The first assignment is confirmed by an admin the usual way, for comparison.
    const single = await ctx.services.confirmSchedule.execute(
      { id: ids[0], schedule_version: 1 },
      metaOf(ctx.admin),
    );
    const id = await submit('fail', ids.slice(1), [1, 2, 3], start);
    expect(await replica('together').drain(id)).toBe(1);

    const items = await ctx.services.scheduleBatchQueries.listItems({ id, limit: 10 }, metaOf(ctx.admin));
    expect(items.items.map((i) => [i.status, i.booked_start])).toEqual(
      [1, 2, 3].map((h) => ['booked', hour(start, h).toISOString()]),
    );
    for (const assignmentId of ids.slice(1)) {
      const view = await ctx.services.assignmentQueries.get(assignmentId, metaOf(ctx.admin));
      expect(view).toMatchObject({ status: 'scheduled', schedule_version: single.schedule_version });
    }
    expect(await ctx.activeBookings(practitionerId)).toBe(4);
    expect(await ctx.activeBookings(room)).toBe(4);
    expect(await ctx.overlappingBookings(practitionerId)).toBe(0);

    // Same events, in the same order, with the same fields; only the booking's own values differ.
    const expected = await eventsOf(ids[0]);
    const varying = [
      'resource_id',
      'booking_id',
      'assignment_id',
      'job_id',
      'start',
      'end',
      'scheduled_start',
      'scheduled_end',
    ];
    const strip = (data: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(data).filter(([k]) => !varying.includes(k)));
    for (const [n, assignmentId] of ids.slice(1).entries()) {
      const events = await eventsOf(assignmentId);
      expect(events.map((e) => e.subject)).toEqual(expected.map((e) => e.subject));
      expect(events.map((e) => strip(e.data))).toEqual(expected.map((e) => strip(e.data)));
      expect(events[1].data).toMatchObject({
        assignment_id: assignmentId,
        scheduled_start: hour(start, n + 1).toISOString(),
        scheduled_end: hour(start, n + 2).toISOString(),
      });
    }
  });

  it('books the items before a refusal together and leaves the rest to the item path', async () => {
    const start = futureMonday(12);
    const { practitionerId, ids } = await assignments(3, start);
    // The third asks for the hour the first takes.
    const id = await submit('skip', ids, [0, 1, 0], start);
    const together = await bookAll(ctx.services.scheduleChunks, id, [0, 1, 2]);
    expect(together.booked.map((b) => b.updated.id)).toEqual(ids.slice(0, 2));
    expect(together.rest).toBe('refused');

    expect(await replica('refusal').drain(id)).toBe(1);
    const items = await ctx.services.scheduleBatchQueries.listItems({ id, limit: 10 }, metaOf(ctx.admin));
    expect(items.items.map((i) => [i.status, i.error_code])).toEqual([
      ['booked', null],
      ['booked', null],
      ['skipped', 'CF_PRACTITIONER_BUSY'],
    ]);
    expect(await ctx.activeBookings(practitionerId)).toBe(2);
  });

  it('fail: the items before the refused one stay booked, and the batch stops there', async () => {
    const start = futureMonday(15);
    const { practitionerId, ids } = await assignments(4, start);
    const id = await submit('fail', ids, [0, 1, 1, 2], start);
    expect(await replica('stops').drain(id)).toBe(1);
    const batch = await ctx.services.scheduleBatchQueries.get(id, metaOf(ctx.admin));
    expect(batch).toMatchObject({
      status: 'stopped',
      stopped_at_position: 2,
      progress: { booked: 2, skipped: 1, not_attempted: 1, pending: 0 },
    });
    const items = await ctx.services.scheduleBatchQueries.listItems({ id, limit: 10 }, metaOf(ctx.admin));
    expect(items.items[2]).toMatchObject({ status: 'skipped', error_code: 'CF_PRACTITIONER_BUSY' });
    expect(await ctx.activeBookings(practitionerId)).toBe(2);
  });

  it('when a booking slipped past its calendar read, the constraint refuses the chunk and the item path gives each outcome', async () => {
    const start = futureMonday(13);
    const { practitionerId, ids } = await assignments(4, start);
    // The fourth assignment already holds hour 3; the batch asks for hour 3 again at position 1.
    await ctx.services.confirmSchedule.execute({ id: ids[3], schedule_version: 1 }, metaOf(ctx.admin));
    class BlindCalendar extends BookingsRepository {
      override async findCalendarEntries() {
        return { bookings: new Map(), timeOff: new Map() };
      }
    }
    const blind = new ChunkBooker({
      chunks: new ChunkBookingsRepository(),
      resources: new ResourcesRepository(ctx.dataSource),
      bookings: new BlindCalendar(ctx.dataSource),
      outbox: new OutboxWriter({ schema: 'scheduling', producer: 'scheduling' }),
    });
    const id = await submit('skip', ids.slice(0, 3), [0, 3, 2], start);
    expect(await replica('blind', blind).drain(id)).toBe(1);

    const items = await ctx.services.scheduleBatchQueries.listItems({ id, limit: 10 }, metaOf(ctx.admin));
    expect(items.items.map((i) => [i.status, i.error_code])).toEqual([
      ['booked', null],
      ['skipped', 'CF_PRACTITIONER_BUSY'],
      ['booked', null],
    ]);
    expect(await ctx.activeBookings(practitionerId)).toBe(3);
    expect(await ctx.overlappingBookings(practitionerId)).toBe(0);
  });

  it('races single confirms for the same windows: each window is booked once, and every loser says why', async () => {
    const start = futureMonday(16);
    const p = await ctx.practitioner();
    const batchIds: string[] = [];
    const rivals: string[] = [];
    for (let h = 0; h < 8; h++) {
      const a = await ctx.proposedAssignment({ provider: p.provider, customer, start: hour(start, h) });
      const b = await ctx.proposedAssignment({ provider: p.provider, customer, start: hour(start, h) });
      batchIds.push(a.assignmentId);
      rivals.push(b.assignmentId);
    }
    const id = await submit('skip', batchIds, [0, 1, 2, 3, 4, 5, 6, 7], start);
    const [, ...confirms] = await Promise.all([
      replica('racer').drain(id),
      ...rivals.map((rival) =>
        ctx.services.confirmSchedule.execute({ id: rival, schedule_version: 1 }, metaOf(ctx.admin)).then(
          () => null,
          (err: { code?: string }) => err.code ?? 'no code',
        ),
      ),
    ]);

    const items = await ctx.services.scheduleBatchQueries.listItems({ id, limit: 10 }, metaOf(ctx.admin));
    items.items.forEach((item, h) => {
      // Per hour exactly one winner: the batch item or the confirm.
      if (item.status === 'booked') expect(confirms[h]).toBe('CF_PRACTITIONER_BUSY');
      else {
        expect(item).toMatchObject({ status: 'skipped', error_code: 'CF_PRACTITIONER_BUSY' });
        expect(confirms[h]).toBeNull();
      }
    });
    expect(await ctx.activeBookings(p.id)).toBe(8);
    expect(await ctx.overlappingBookings(p.id)).toBe(0);
  });

  it('leaves job items and reschedules to the item path', async () => {
    const start = futureMonday(14);
    const { ids } = await assignments(1, start);
    await ctx.services.confirmSchedule.execute({ id: ids[0], schedule_version: 1 }, metaOf(ctx.admin));
    const reschedule = await submit('skip', ids, [2], start);
    expect(await bookAll(ctx.services.scheduleChunks, reschedule, [0])).toEqual({
      booked: [],
      rest: 'other',
    });
    expect(await replica('moves').drain(reschedule)).toBe(1);
    const view = await ctx.services.assignmentQueries.get(ids[0], metaOf(ctx.admin));
    expect(view.status).toBe('scheduled');
    expect(new Date(view.scheduled_start!)).toEqual(hour(start, 2));
  });
});
