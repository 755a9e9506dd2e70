import { CreateScheduleBatchBody } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';
import {
  aCallMeta,
  anActor,
  callAs,
  capturedLogger,
  InMemoryTransactions,
  substitute,
} from '@slotline/testing';
import { InMemoryScheduleBatchesRepository } from '../../../testing/in-memory-schedule-batches.repository';
import { SubmitScheduleBatchHandler } from './submit-schedule-batch.handler';

function aBatchBody(overrides: Partial<CreateScheduleBatchBody> = {}): CreateScheduleBatchBody {
  return {
    conflict_policy: 'skip',
    items: [
      { assignment_id: uuidv7(), window: { start: '2030-01-07T10:00:00Z', end: '2030-01-07T11:00:00Z' } },
      {
        job_id: uuidv7(),
        practitioner_id: uuidv7(),
        window: { start: '2030-01-08T09:00:00Z', end: '2030-01-08T10:30:00Z' },
      },
    ],
    ...overrides,
  };
}

describe(SubmitScheduleBatchHandler.name, () => {
  let tx: InMemoryTransactions;
  let batches: InMemoryScheduleBatchesRepository;
  let wakeUps: number;
  let sut: SubmitScheduleBatchHandler;

  beforeEach(() => {
    tx = new InMemoryTransactions();
    batches = new InMemoryScheduleBatchesRepository(tx);
    wakeUps = 0;
    sut = new SubmitScheduleBatchHandler({
      batches: substitute(batches),
      tx: tx.runner,
      logger: capturedLogger('scheduling').logger,
      submitted: () => wakeUps++,
    });
  });

  it("stores the admin's batch pending, every item pending in the order given", async () => {
    const admin = anActor('admin');
    const body = aBatchBody({ conflict_policy: 'fail' });
    const meta = aCallMeta(admin);

    const view = await sut.execute(body, meta);

    expect(view).toMatchObject({
      status: 'pending',
      conflict_policy: 'fail',
      requested_by: admin.user_id,
      stopped_at_position: null,
      finished_at: null,
      progress: { total: 2, pending: 2, booked: 0, skipped: 0, failed: 0, not_attempted: 0 },
    });
    expect(batches.batches.get(view.id)).toMatchObject({
      requestId: meta.request_id,
      requestedBy: admin.user_id,
    });
    expect(batches.itemsOf(view.id)).toEqual([
      expect.objectContaining({
        position: 0,
        status: 'pending',
        assignmentId: body.items[0].assignment_id,
        jobId: null,
        practitionerId: null,
        requestedStart: new Date('2030-01-07T10:00:00Z'),
        requestedEnd: new Date('2030-01-07T11:00:00Z'),
      }),
      expect.objectContaining({
        position: 1,
        status: 'pending',
        assignmentId: null,
        jobId: body.items[1].job_id,
        practitionerId: body.items[1].practitioner_id,
        requestedStart: new Date('2030-01-08T09:00:00Z'),
      }),
    ]);
  });

  it('wakes the worker once the batch is stored, so it starts before the next poll', async () => {
    await sut.execute(aBatchBody(), callAs('admin'));

    expect(wakeUps).toBe(1);
    expect(batches.batches.all()).toHaveLength(1);
  });

  it.each(['customer', 'provider'] as const)('refuses a %s and stores nothing', async (role) => {
    await expect(sut.execute(aBatchBody(), callAs(role))).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
    expect(batches.batches.all()).toEqual([]);
    expect(batches.items.all()).toEqual([]);
    expect(wakeUps).toBe(0);
  });

  it('refuses an anonymous call', async () => {
    await expect(sut.execute(aBatchBody(), aCallMeta(null))).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
    });
    expect(batches.batches.all()).toEqual([]);
  });
});
