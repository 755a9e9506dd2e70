import { PAYOUT_EVENTS, SCHEDULING_EVENTS, TypedEventEnvelope } from '@slotline/contracts';
import { OutboxWriter } from '@slotline/messaging';
import { Queryable, uuidv7 } from '@slotline/persistence';
import type { Logger } from 'pino';
import { toPayoutEventData } from '../payouts/payout.mapper';
import { PayoutsRepository } from '../payouts/payouts.repository';
import { readCompletedAssignment } from './completed-assignment';

export interface PayoutCreationDeps {
  payouts: PayoutsRepository;
  outbox: OutboxWriter;
  logger: Logger;
}

/**
 * PAY-1: a completed assignment becomes one pending payout for its provider, for the job's price.
 * Runs in the inbox consumer's transaction; the unique assignment key makes a second completion event
 * for the same assignment (another event id, or a replay after the inbox was purged) a no-op.
 */
export class PayoutCreationService {
  constructor(private readonly d: PayoutCreationDeps) {}

  async fromCompletion(
    event: TypedEventEnvelope<typeof SCHEDULING_EVENTS.assignmentCompleted>,
    manager: Queryable,
  ): Promise<void> {
    const done = readCompletedAssignment(event.data);
    const created = await this.d.payouts.insertOnce(manager, {
      id: uuidv7(),
      assignmentId: done.assignment_id,
      jobId: done.job_id,
      providerUserId: done.provider_user_id,
      practitionerId: done.practitioner_id,
      customerId: done.customer_id,
      amountMinor: done.price_amount,
      currency: done.currency,
    });
    if (!created) return;
    await this.d.outbox.enqueue(manager, {
      type: PAYOUT_EVENTS.created.type,
      data: toPayoutEventData(created, null),
      request_id: event.request_id,
      traceparent: event.traceparent,
    });
    this.d.logger.info(
      { event: 'payout_created', payout_id: created.id, assignment_id: created.assignmentId },
      'payout created',
    );
  }
}
