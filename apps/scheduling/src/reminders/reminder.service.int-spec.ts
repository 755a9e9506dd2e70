import { metaOf, SchedulingTestContext } from '../testing/scheduling-test-context';
import { ReminderService } from './reminder.service';

/** SCH-9 / SCH-11 against the real database: concurrent ticks, the history and the buckets for the chart. */
describe(ReminderService.name, () => {
  const a = new SchedulingTestContext();
  const b = new SchedulingTestContext();

  beforeAll(async () => {
    await a.setUp(4);
    await b.setUp(4);
  });
  afterAll(async () => {
    await a.tearDown();
    await b.tearDown();
  });

  it('emits one reminder when two replicas tick at once, and reports it to admins', async () => {
    const { provider } = await a.practitioner();
    const customer = { ...provider, user_id: crypto.randomUUID(), role: 'customer' as const };
    const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3 * 3_600_000);
    const p = await a.proposedAssignment({ provider, customer, start });
    await a.services.confirmSchedule.execute(
      { id: p.assignmentId, schedule_version: p.version },
      metaOf(provider),
    );

    const outcomes = await Promise.all([a, b, a, b].map((ctx) => ctx.services.reminders.runTick(new Date())));
    expect(outcomes.some((o) => o.ran)).toBe(true);
    const history = await a.services.reminders.history(
      { assignment_id: p.assignmentId, limit: 20 },
      metaOf(a.admin),
    );
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ kind: 'visit_upcoming', due_at: start.toISOString() });

    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const chart = await a.services.reminders.overTime(
      {
        from: new Date(hour.getTime() - 3_600_000).toISOString(),
        to: new Date(hour.getTime() + 3_600_000).toISOString(),
        bucket: 'hour',
      },
      metaOf(a.admin),
    );
    expect(chart.buckets).toHaveLength(2);
    expect(chart.buckets[0].start).toBe(new Date(hour.getTime() - 3_600_000).toISOString());
    expect(chart.buckets[1].visit_upcoming).toBeGreaterThanOrEqual(1);
    expect(chart.total).toBe(chart.buckets.reduce((n, x) => n + x.total, 0));

    await expect(a.services.reminders.history({ limit: 20 }, metaOf(customer))).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
  });
});
