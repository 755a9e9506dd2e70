import {
  CallMeta,
  DenyPayoutCommand,
  PAYOUT_EVENTS,
  PayoutView,
  SettlePayoutCommand,
} from '@slotline/contracts';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import type { Logger } from 'pino';
import { approve, Decision, deny, PayoutState, settle } from '../domain';
import { payoutNotFound, requireAdmin } from '../common/call-context';
import { domainSync } from '../common/domain-error.mapper';
import { toPayoutEventData, toPayoutView } from './payout.mapper';
import { PayoutRecord } from './payout.record';
import { PayoutsRepository, PayoutTransition } from './payouts.repository';

export interface PayoutDecisionsDeps {
  payouts: PayoutsRepository;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  logger: Logger;
}

/**
 * PAY-2 / PAY-3: an admin's approve, deny and manual settle. Each takes the payout's row lock, asks
 * the domain whether the move is allowed, and writes the new state with its event in one transaction:
 * of two admins deciding at once, the second sees the first's result (same answer or 409).
 */
export class PayoutDecisionsService {
  constructor(private readonly d: PayoutDecisionsDeps) {}

  approve(id: string, meta: CallMeta): Promise<PayoutView> {
    // Approval makes the payout due for the capture worker, in the same transaction as the event.
    return this.decide(id, meta, approve, PAYOUT_EVENTS.approved, (by) => ({
      status: 'approved',
      queueCapture: true,
      ...by,
    }));
  }

  deny(cmd: DenyPayoutCommand, meta: CallMeta): Promise<PayoutView> {
    return this.decide(cmd.id, meta, deny, PAYOUT_EVENTS.denied, (by) => ({
      status: 'denied',
      reason: cmd.reason,
      ...by,
    }));
  }

  /** `decided_by` keeps the approver; who settled is in the captured event and the audit log. */
  settle(cmd: SettlePayoutCommand, meta: CallMeta): Promise<PayoutView> {
    return this.decide(
      cmd.id,
      meta,
      (p) => settle(p, cmd.reference),
      PAYOUT_EVENTS.captured,
      () => ({ status: 'captured', reference: cmd.reference }),
    );
  }

  private async decide(
    id: string,
    meta: CallMeta,
    rule: (p: PayoutState) => Decision,
    event: (typeof PAYOUT_EVENTS)[keyof typeof PAYOUT_EVENTS],
    change: (decider: Pick<PayoutTransition, 'decidedBy' | 'decidedRole'>) => PayoutTransition,
  ): Promise<PayoutView> {
    const actor = requireAdmin(meta);
    const who = { user_id: actor.user_id, role: actor.role };
    const result = await this.d.tx.run(async (m) => {
      const current = await this.d.payouts.lock(m, id);
      if (!current) throw payoutNotFound();
      const decision = domainSync(() => rule(current));
      if (decision.kind === 'unchanged') return { payout: current, changed: false };
      const updated = await this.d.payouts.transition(
        m,
        id,
        change({ decidedBy: actor.user_id, decidedRole: actor.role }),
      );
      await this.d.outbox.enqueue(m, {
        type: event.type,
        data: toPayoutEventData(updated, who),
        actor: who,
        request_id: meta.request_id,
        traceparent: meta.traceparent,
        idempotency_key: meta.idempotency_key,
      });
      return { payout: updated, changed: true };
    });
    if (result.changed) this.logDecision(result.payout, event.type);
    return toPayoutView(result.payout);
  }

  private logDecision(p: PayoutRecord, type: string): void {
    this.d.logger.info(
      { event: 'payout_decided', payout_id: p.id, status: p.status, event_type: type },
      'payout decided',
    );
  }
}
