import { Metrics } from '@slotline/observability';
import { aCallMeta, anActor, callAs, substitute } from '@slotline/testing';
import type { AssignmentsRepository, FulfilmentCounts } from '../assignments/assignments.repository';
import { FulfilmentService } from './fulfilment.service';

/** The one read of `AssignmentsRepository` this service makes, with counts a test sets and a tally of reads. */
class CountingAssignments implements Pick<AssignmentsRepository, 'countFulfilment'> {
  counts: FulfilmentCounts = { awaiting_schedule: 3, scheduled: 5, reminder_overdue: 1 };
  failing = false;
  reads = 0;

  async countFulfilment(): Promise<FulfilmentCounts> {
    this.reads++;
    if (this.failing) throw new Error('connection terminated');
    return { ...this.counts };
  }
}

describe(FulfilmentService.name, () => {
  let assignments: CountingAssignments;
  let metrics: Metrics;
  let sut: FulfilmentService;

  beforeEach(() => {
    assignments = new CountingAssignments();
    metrics = new Metrics({ service: 'scheduling', collectDefault: false });
    sut = new FulfilmentService(substitute(assignments));
    sut.registerGauges(metrics);
  });

  const scrape = async () => (await metrics.render()).body;

  it('gives admins the counts with the time they were taken', async () => {
    const view = await sut.get(aCallMeta(anActor('admin')));

    expect(view).toEqual({
      awaiting_schedule: 3,
      scheduled: 5,
      reminder_overdue: 1,
      as_of: expect.any(String),
    });
  });

  it.each(['customer', 'provider'] as const)('keeps the figures from a %s', async (role) => {
    await expect(sut.get(callAs(role))).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
  });

  it('serves the three gauges of one scrape from one count', async () => {
    const body = await scrape();

    expect(body).toMatch(/fulfilment_awaiting_schedule\S* 3/);
    expect(body).toMatch(/fulfilment_scheduled\S* 5/);
    expect(body).toMatch(/fulfilment_reminder_overdue\S* 1/);
    expect(assignments.reads).toBe(1);
  });

  it('keeps the last values when a count fails, instead of failing the scrape', async () => {
    await scrape();
    assignments.failing = true;
    assignments.counts = { awaiting_schedule: 9, scheduled: 9, reminder_overdue: 9 };
    jest.useFakeTimers({ now: Date.now() + 5_000, doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const body = await scrape();

      expect(assignments.reads).toBe(2);
      expect(body).toMatch(/fulfilment_awaiting_schedule\S* 3/);
    } finally {
      jest.useRealTimers();
    }
  });
});
