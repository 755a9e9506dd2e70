import { uuidv7 } from '@slotline/persistence';
import { actor, futureMonday, metaOf, SchedulingTestContext } from '../testing/scheduling-test-context';

/**
 * A confirm sends its calendar read right behind the resources' lock, in the same round trip
 * (SchedulingService.commit). The read must still run after the lock is held, with a snapshot of its
 * own: time off added by whoever held the practitioner's lock meanwhile (no constraint guards time off
 * against bookings, only this read does) must refuse the booking.
 */
describe('the calendar read behind the resource lock', () => {
  const ctx = new SchedulingTestContext();

  beforeAll(() => ctx.setUp(6));
  afterAll(() => ctx.tearDown());

  it('sees time off committed while the confirm waited for the practitioner, and books nothing', async () => {
    const { id: practitionerId, provider } = await ctx.practitioner();
    const start = futureMonday(3);
    const p = await ctx.proposedAssignment({ provider, customer: actor('customer'), start });
    const holder = ctx.dataSource.createQueryRunner();
    await holder.startTransaction();
    try {
      // What adding time off does: lock the resource, write the time off, commit.
      await holder.query('SELECT 1 FROM scheduling.resources WHERE id = $1 FOR UPDATE', [practitionerId]);
      await holder.query(
        `INSERT INTO scheduling.time_off (id, resource_id, during, reason)
         VALUES ($1, $2, tstzrange($3::timestamptz, $3::timestamptz + interval '4 hours', '[)'), 'sick')`,
        [uuidv7(), practitionerId, new Date(start.getTime() - 3_600_000)],
      );
      const [{ pid }] = await holder.query('SELECT pg_backend_pid() AS pid');

      const confirm = ctx.services.confirmSchedule
        .execute({ id: p.assignmentId, schedule_version: p.version }, metaOf(provider))
        .catch((err: unknown) => err);
      expect(await ctx.blockedBy(pid)).toBe(true);
      await holder.commitTransaction();

      await expect(confirm).resolves.toMatchObject({
        code: 'BR_RESOURCE_TIME_OFF',
        details: expect.objectContaining({ resource_id: practitionerId }),
      });
      expect(await ctx.activeBookings(practitionerId)).toBe(0);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });
});
