import { actor, futureMonday, metaOf, SchedulingTestContext } from '../testing/scheduling-test-context';

/** SCH-3 / SCH-10: concurrent accept, reject and confirm end in one consistent state. */
describe('assignment races', () => {
  const ctx = new SchedulingTestContext();

  beforeAll(() => ctx.setUp(20));
  afterAll(() => ctx.tearDown());

  async function jobState(jobId: string) {
    const [job] = await ctx.dataSource.query('SELECT status FROM scheduling.jobs WHERE id = $1', [jobId]);
    const assignments = await ctx.dataSource.query(
      'SELECT id, status FROM scheduling.assignments WHERE job_id = $1',
      [jobId],
    );
    const [bookings] = await ctx.dataSource.query(
      `SELECT count(*)::int AS n FROM scheduling.bookings b JOIN scheduling.assignments a ON a.id = b.assignment_id WHERE a.job_id = $1 AND b.active`,
      [jobId],
    );
    return {
      job: job.status as string,
      assignments: assignments as Array<{ id: string; status: string }>,
      activeBookings: bookings.n as number,
    };
  }

  it('lets exactly one of ten providers accept an open job', async () => {
    const customer = actor('customer');
    const providers = await Promise.all([...Array(10)].map(() => ctx.practitioner()));
    const job = await ctx.services.jobs.create(
      { service_type: 'visit', duration_minutes: 30, price_amount: 100, currency: 'EUR' },
      metaOf(customer),
    );

    const results = await Promise.allSettled(
      providers.map((p) => ctx.services.acceptJob.execute(job.id, metaOf(p.provider))),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as { code: string }).code] : [],
    );
    expect(codes).toEqual(Array(9).fill('CF_CONFLICT'));
    const state = await jobState(job.id);
    expect(state.job).toBe('assigned');
    expect(state.assignments).toHaveLength(1);
  });

  it('does not let a practitioner accept while their deactivation is committing', async () => {
    const { id, provider } = await ctx.practitioner();
    const job = await ctx.services.jobs.create(
      { service_type: 'visit', duration_minutes: 30, price_amount: 100, currency: 'EUR' },
      metaOf(actor('customer')),
    );
    const deactivation = ctx.dataSource.createQueryRunner();
    await deactivation.startTransaction();
    try {
      await deactivation.query('UPDATE scheduling.resources SET active = false WHERE id = $1', [id]);
      const [{ pid }] = await deactivation.query('SELECT pg_backend_pid() AS pid');

      // The accept reads the practitioner as still active; it must wait for the deactivation.
      const accept = ctx.services.acceptJob.execute(job.id, metaOf(provider));
      let settled = false;
      accept.then(
        () => (settled = true),
        () => (settled = true),
      );
      expect(await ctx.blockedBy(pid, () => settled)).toBe(true);
      await deactivation.commitTransaction();

      await expect(accept).rejects.toMatchObject({ code: 'BR_RULE_VIOLATED' });
      expect(await jobState(job.id)).toEqual({ job: 'open', assignments: [], activeBookings: 0 });
    } finally {
      if (deactivation.isTransactionActive) await deactivation.rollbackTransaction();
      await deactivation.release();
    }
  });

  it.each([1, 2, 3, 4, 5, 6])('ends a confirm/reject race consistently (round %i)', async () => {
    const customer = actor('customer');
    const { provider } = await ctx.practitioner();
    const p = await ctx.proposedAssignment({ provider, customer, start: futureMonday(7) });

    const [confirm, reject] = await Promise.allSettled([
      ctx.services.confirmSchedule.execute(
        { id: p.assignmentId, schedule_version: p.version },
        metaOf(provider),
      ),
      ctx.services.rejectAssignment.execute({ id: p.assignmentId, reason: 'sick' }, metaOf(provider)),
    ]);

    // Whichever ran first, the rejection stands: no live assignment, no live booking, the job is open again.
    if (reject.status === 'rejected') throw reject.reason;
    if (confirm.status === 'rejected')
      expect(confirm.reason).toMatchObject({ code: 'BR_INVALID_STATE_TRANSITION' });
    expect(await jobState(p.jobId)).toEqual({
      job: 'open',
      assignments: [{ id: p.assignmentId, status: 'rejected' }],
      activeBookings: 0,
    });
  });

  it('refuses a proposal based on a stale schedule_version with 409 CF_SCHEDULE_VERSION', async () => {
    const customer = actor('customer');
    const { provider } = await ctx.practitioner();
    const start = futureMonday(8);
    const p = await ctx.proposedAssignment({ provider, customer, start });

    const stale = ctx.services.proposeSchedule.execute(
      { assignmentId: p.assignmentId },
      { start: new Date(start.getTime() + 3_600_000).toISOString(), schedule_version: p.version - 1 },
      metaOf(provider),
    );

    await expect(stale).rejects.toMatchObject({
      code: 'CF_SCHEDULE_VERSION',
      status: 409,
      details: { current_version: p.version },
    });
  });

  it('counts a rejection in assignments_requeued_total and lets another provider take the job', async () => {
    const customer = actor('customer');
    const first = await ctx.practitioner();
    const second = await ctx.practitioner();
    const p = await ctx.proposedAssignment({ provider: first.provider, customer, start: futureMonday(9) });
    const before =
      (await ctx.metrics.registry.getSingleMetric('assignments_requeued_total')!.get()).values[0]?.value ?? 0;

    await ctx.services.rejectAssignment.execute({ id: p.assignmentId }, metaOf(first.provider));
    await expect(ctx.services.acceptJob.execute(p.jobId, metaOf(first.provider))).rejects.toMatchObject({
      code: 'BR_RULE_VIOLATED',
    });
    const taken = await ctx.services.acceptJob.execute(p.jobId, metaOf(second.provider));

    expect(taken).toMatchObject({ job_id: p.jobId, status: 'awaiting_schedule', schedule_version: 0 });
    const after = (await ctx.metrics.registry.getSingleMetric('assignments_requeued_total')!.get()).values[0]
      ?.value;
    expect(after).toBe(before + 1);
  });
});
