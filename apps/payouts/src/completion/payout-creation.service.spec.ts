import { PAYOUT_EVENTS, SCHEDULING_EVENTS } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';
import {
  anEventEnvelope,
  capturedLogger,
  InMemoryTransactions,
  RecordingOutbox,
  substitute,
} from '@slotline/testing';
import { InMemoryPayoutsRepository } from '../testing/in-memory-payouts.repository';
import { PayoutCreationService } from './payout-creation.service';

function completion(data: Record<string, unknown> = {}) {
  return anEventEnvelope(SCHEDULING_EVENTS.assignmentCompleted, {
    assignment_id: uuidv7(),
    job_id: uuidv7(),
    practitioner_id: uuidv7(),
    provider_user_id: uuidv7(),
    customer_id: uuidv7(),
    status: 'completed',
    price_amount: 12_500,
    currency: 'GBP',
    ...data,
  });
}

describe(PayoutCreationService.name, () => {
  let tx: InMemoryTransactions;
  let payouts: InMemoryPayoutsRepository;
  let outbox: RecordingOutbox;
  let sut: PayoutCreationService;

  beforeEach(() => {
    tx = new InMemoryTransactions();
    payouts = new InMemoryPayoutsRepository(tx);
    outbox = new RecordingOutbox(tx, 'payouts');
    sut = new PayoutCreationService({
      payouts: substitute(payouts),
      outbox: outbox.writer,
      logger: capturedLogger('payouts').logger,
    });
  });

  /** As the inbox consumer runs it: in one transaction. */
  const deliver = (event: ReturnType<typeof completion>) =>
    tx.runner.run((m) => sut.fromCompletion(event, m));

  it('makes one pending payout of the job price for the provider, and announces it', async () => {
    const event = completion();

    await deliver(event);

    expect(payouts.rows.all()).toEqual([
      expect.objectContaining({
        assignmentId: event.data.assignment_id,
        providerUserId: event.data.provider_user_id,
        amountMinor: 12_500,
        currency: 'GBP',
        status: 'pending',
      }),
    ]);
    expect(outbox.events).toEqual([
      expect.objectContaining({ type: PAYOUT_EVENTS.created.type, request_id: event.request_id }),
    ]);
  });

  it('pays an assignment once, even when its completion arrives again under another event id', async () => {
    const event = completion();

    await deliver(event);
    await deliver({ ...event, id: uuidv7() });

    expect(payouts.rows.all()).toHaveLength(1);
    expect(outbox.types()).toEqual([PAYOUT_EVENTS.created.type]);
  });

  it.each([
    ['a negative price', { price_amount: -1 }],
    ['an assignment that is not completed', { status: 'scheduled' }],
    ['a provider that is not a UUID', { provider_user_id: 'bob' }],
    // SYS_INTERNAL: scheduling broke the contract, so the inbox keeps the event for an operator.
  ])('refuses %s and creates nothing', async (_case, data) => {
    await expect(deliver(completion(data))).rejects.toMatchObject({ code: 'SYS_INTERNAL' });

    expect(payouts.rows.all()).toEqual([]);
    expect(outbox.events).toEqual([]);
  });
});
