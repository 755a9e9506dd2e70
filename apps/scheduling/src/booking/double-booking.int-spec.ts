import { AppError } from '@slotline/errors';
import {
  actor,
  futureMonday,
  inBatches,
  metaOf,
  SchedulingTestContext,
} from '../testing/scheduling-test-context';
import { uuidv7 } from '@slotline/persistence';
import { BookingsRepository } from './bookings.repository';
import { SchedulingService } from './scheduling.service';

const CONTENDERS = 100;

/**
 * SCH-4 under fire: 100 confirms of pairwise-overlapping windows race for one practitioner, then for
 * one room; exactly one wins, every loser is told which resource is busy and when, and the table holds
 * no overlapping live rows.
 */
describe(`${SchedulingService.name} under concurrent confirms`, () => {
  const ctx = new SchedulingTestContext();

  beforeAll(() => ctx.setUp(20));
  afterAll(() => ctx.tearDown());

  function settle<T>(work: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
    return work.then(
      (value) => ({ ok: true as const, value }),
      (error: AppError) => ({ ok: false as const, error }),
    );
  }

  it('books one practitioner exactly once when 100 overlapping confirms race', async () => {
    const { id: practitionerId, provider } = await ctx.practitioner();
    const customer = actor('customer');
    const base = futureMonday(3);
    // Starts spread over 30 minutes with 60-minute visits: every pair overlaps.
    const proposals = await inBatches([...Array(CONTENDERS).keys()], 20, (i) =>
      ctx.proposedAssignment({ provider, customer, start: new Date(base.getTime() + (i % 30) * 60_000) }),
    );

    const results = await Promise.all(
      proposals.map((p) =>
        settle(
          ctx.services.confirmSchedule.execute(
            { id: p.assignmentId, schedule_version: p.version },
            metaOf(provider),
          ),
        ),
      ),
    );

    const winners = results.filter((r) => r.ok);
    const losers = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(CONTENDERS - 1);
    expect(new Set(losers.map((e) => e.code))).toEqual(new Set(['CF_PRACTITIONER_BUSY']));
    for (const loser of losers) {
      expect(loser.details).toMatchObject({
        resource_id: practitionerId,
        clashing: { start: expect.any(String), end: expect.any(String) },
      });
    }
    expect(await ctx.activeBookings(practitionerId)).toBe(1);
    expect(await ctx.overlappingBookings(practitionerId)).toBe(0);
    const scheduled = await ctx.dataSource.query(
      `SELECT count(*)::int AS n FROM scheduling.assignments WHERE practitioner_id = $1 AND status = 'scheduled'`,
      [practitionerId],
    );
    expect(scheduled[0].n).toBe(1);
    // Confirms of one resource queue behind each other (ADR 0004, lock order): slow on a loaded machine.
  }, 120_000);

  it('books one room exactly once when 100 practitioners race for it', async () => {
    const roomId = await ctx.room();
    const customer = actor('customer');
    const base = futureMonday(4);
    const proposals = await inBatches([...Array(CONTENDERS).keys()], 20, async (i) => {
      const { provider } = await ctx.practitioner();
      const p = await ctx.proposedAssignment({
        provider,
        customer,
        roomId,
        start: new Date(base.getTime() + (i % 30) * 60_000),
      });
      return { ...p, provider };
    });

    const results = await Promise.all(
      proposals.map((p) =>
        settle(
          ctx.services.confirmSchedule.execute(
            { id: p.assignmentId, schedule_version: p.version },
            metaOf(p.provider),
          ),
        ),
      ),
    );

    const losers = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(new Set(losers.map((e) => e.code))).toEqual(new Set(['CF_ROOM_BUSY']));
    expect(losers.every((e) => (e.details as { resource_id?: string }).resource_id === roomId)).toBe(true);
    expect(await ctx.activeBookings(roomId)).toBe(1);
    expect(await ctx.overlappingBookings(roomId)).toBe(0);
    // Confirms of one resource queue behind each other (ADR 0004, lock order): slow on a loaded machine.
  }, 120_000);

  it('holds all of a booking or none: a clash on the room leaves the practitioner unbooked', async () => {
    const customer = actor('customer');
    const start = futureMonday(5);
    const window = { start, end: new Date(start.getTime() + 3_600_000) };
    const first = await ctx.practitioner();
    const second = await ctx.practitioner();
    // Created last, so its id sorts after the practitioner's: the practitioner row is written first.
    const roomId = await ctx.room();
    const taken = await ctx.proposedAssignment({ provider: first.provider, customer, roomId, start });
    await ctx.services.confirmSchedule.execute(
      { id: taken.assignmentId, schedule_version: taken.version },
      metaOf(first.provider),
    );
    const other = await ctx.proposedAssignment({ provider: second.provider, customer, start });
    const bookings = new BookingsRepository(ctx.dataSource);

    // Straight to the table, past the pre-check: only the constraint stands in the way.
    const attempt = ctx.tx.run((m) =>
      bookings.insert(m, {
        id: uuidv7(),
        assignmentId: other.assignmentId,
        window,
        resources: [
          { resourceId: second.id, kind: 'practitioner', beforeMinutes: 0, afterMinutes: 0 },
          { resourceId: roomId, kind: 'room', beforeMinutes: 0, afterMinutes: 0 },
        ],
      }),
    );

    await expect(attempt).rejects.toMatchObject({ code: 'CF_ROOM_BUSY' });
    expect(await ctx.activeBookings(second.id)).toBe(0);
    expect(await ctx.activeBookings(roomId)).toBe(1);
  });

  it("keeps the buffers between bookings: a visit inside another one's clean-up time is refused", async () => {
    const customer = actor('customer');
    const { id, provider } = await ctx.practitioner({ buffer_before_minutes: 15, buffer_after_minutes: 30 });
    const start = futureMonday(6);
    const first = await ctx.proposedAssignment({ provider, customer, start });
    await ctx.services.confirmSchedule.execute(
      { id: first.assignmentId, schedule_version: first.version },
      metaOf(provider),
    );

    // Ends at 11:00 + 30 min clean-up; 11:20 - 15 min preparation still overlaps it.
    const tooSoon = ctx.proposedAssignment({
      provider,
      customer,
      start: new Date(start.getTime() + 80 * 60_000),
    });

    await expect(tooSoon).rejects.toMatchObject({
      code: 'CF_PRACTITIONER_BUSY',
      details: { clashing: { start: start.toISOString().replace('.000Z', '+00:00') } },
    });
    const rows = await ctx.dataSource.query(
      `SELECT lower(during) AS s, upper(during) AS e FROM scheduling.booking_resources WHERE active AND resource_id = $1`,
      [id],
    );
    expect(rows).toEqual([
      { s: new Date(start.getTime() - 15 * 60_000), e: new Date(start.getTime() + 90 * 60_000) },
    ]);
  });
});
