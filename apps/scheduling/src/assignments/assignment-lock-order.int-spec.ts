import { actor, futureMonday, metaOf, SchedulingTestContext } from '../testing/scheduling-test-context';

/**
 * Every path locks an assignment's job before the assignment (AssignmentLocks). `lockWithJob` takes
 * both in one statement; this shows the job's lock is held before the statement waits for the
 * assignment's, so it keeps that order and cannot form a cycle with a path that holds the job and
 * waits for the assignment.
 */
describe('the assignment lock order', () => {
  const ctx = new SchedulingTestContext();

  beforeAll(() => ctx.setUp(6));
  afterAll(() => ctx.tearDown());

  it("holds the job's lock while it waits for the assignment's, then books once the assignment is free", async () => {
    const { provider } = await ctx.practitioner();
    const p = await ctx.proposedAssignment({ provider, customer: actor('customer'), start: futureMonday(3) });
    const holder = ctx.dataSource.createQueryRunner();
    const probe = ctx.dataSource.createQueryRunner();
    await holder.startTransaction();
    try {
      await holder.query('SELECT 1 FROM scheduling.assignments WHERE id = $1 FOR UPDATE', [p.assignmentId]);
      const [{ pid }] = await holder.query('SELECT pg_backend_pid() AS pid');

      const confirm = ctx.services.confirmSchedule.execute(
        { id: p.assignmentId, schedule_version: p.version },
        metaOf(provider),
      );
      expect(await ctx.blockedBy(pid)).toBe(true);

      // The confirm waits for the assignment; its job is already locked by it.
      await probe.startTransaction();
      await expect(
        probe.query('SELECT 1 FROM scheduling.jobs WHERE id = $1 FOR UPDATE NOWAIT', [p.jobId]),
      ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '55P03' }) });
      await probe.rollbackTransaction();

      await holder.rollbackTransaction();
      await expect(confirm).resolves.toMatchObject({ status: 'scheduled' });
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      if (probe.isTransactionActive) await probe.rollbackTransaction();
      await holder.release();
      await probe.release();
    }
  });
});
