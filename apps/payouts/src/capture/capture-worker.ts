import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PAYOUT_EVENTS } from '@slotline/contracts';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import type { Counter } from 'prom-client';
import type { Logger } from 'pino';
import { CaptureResult, CaptureStep, nextStep, RetryPolicy } from '../domain';
import { PayoutAccountsRepository } from '../accounts/payout-accounts.repository';
import { toPayoutEventData } from '../payouts/payout.mapper';
import { PayoutRecord } from '../payouts/payout.record';
import { PayoutsRepository } from '../payouts/payouts.repository';
import { PaymentProvider } from './payment-provider';

export interface CaptureWorkerDeps {
  payouts: PayoutsRepository;
  accounts: PayoutAccountsRepository;
  provider: PaymentProvider;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  logger: Logger;
  /** payout_capture_attempts_total{outcome} */
  attempts: Counter<'outcome'>;
  policy: RetryPolicy;
  /** How long a worker owns a leased payout; longer than the provider's timeout. */
  leaseMs: number;
  /** 0: no timer (tests call tick()). */
  intervalMs: number;
  batchSize: number;
  /** Test seam: runs after the provider answered and before the outcome commits. */
  afterProviderCall?: (payoutId: string, result: CaptureResult) => Promise<void>;
}

/**
 * PAY-3: moves the money of approved payouts, asynchronously. Approval commits the payout as due
 * (the durable intent, in the same transaction as its `approved` event); each tick leases due payouts,
 * calls the provider outside any transaction with idempotency key = payout id, then commits the outcome
 * under the row lock. A worker that dies between the call and the commit loses its lease; the next
 * attempt repeats the call with the same key, and Stripe answers with the first transfer.
 */
export class CaptureWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly d: CaptureWorkerDeps) {}

  onApplicationBootstrap(): void {
    if (this.d.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.d.intervalMs);
    this.timer.unref();
  }

  /** One pass over the due payouts; resolves with how many were attempted. Overlapping calls share a pass. */
  tick(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.pass()
      .catch((err) => {
        this.d.logger.error({ event: 'payout_capture_tick_failed', err }, 'capture pass failed');
        return 0;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<number> {
    // One UPDATE … RETURNING, atomic on its own (its SKIP LOCKED subquery included): no transaction
    // around it, so an idle tick is one statement instead of begin, update and commit.
    const due = await this.d.tx.read((db) => this.d.payouts.leaseDue(db, this.d.batchSize, this.d.leaseMs));
    for (const payout of due) await this.attempt(payout);
    return due.length;
  }

  private async attempt(payout: PayoutRecord): Promise<void> {
    const destination = await this.d.accounts.stripeAccountOf(payout.providerUserId);
    const result = await this.d.provider
      .capture({
        payoutId: payout.id,
        amountMinor: payout.amountMinor,
        currency: payout.currency,
        destination,
      })
      .catch((err: Error): CaptureResult => ({ kind: 'retryable', reason: err?.message ?? String(err) }));
    await this.d.afterProviderCall?.(payout.id, result);
    const step = nextStep(result, payout.captureAttempts, this.d.policy);
    this.d.attempts.inc({ outcome: step.kind });
    await this.commit(payout.id, step);
  }

  private async commit(id: string, step: CaptureStep): Promise<void> {
    const method = this.d.provider.method;
    const finished = await this.d.tx.run(async (m) => {
      const current = await this.d.payouts.lock(m, id);
      // Another worker finished it after this one's lease ran out; its outcome stands.
      if (!current || current.status !== 'approved') return null;
      switch (step.kind) {
        case 'retry':
          await this.d.payouts.scheduleRetry(m, id, step.delayMs, step.reason);
          return null;
        case 'manual':
          return this.d.payouts.transition(m, id, { status: 'approved', captureMethod: 'manual' });
        case 'captured':
        case 'failed': {
          const updated = await this.d.payouts.transition(m, id, {
            status: step.kind,
            captureMethod: method,
            ...(step.kind === 'captured' ? { reference: step.reference } : { reason: step.reason }),
          });
          const event = step.kind === 'captured' ? PAYOUT_EVENTS.captured : PAYOUT_EVENTS.failed;
          await this.d.outbox.enqueue(m, { type: event.type, data: toPayoutEventData(updated, null) });
          return updated;
        }
      }
    });
    if (finished) this.report(finished, step);
  }

  private report(p: PayoutRecord, step: CaptureStep): void {
    const log = {
      payout_id: p.id,
      amount_minor: p.amountMinor,
      currency: p.currency,
      attempts: p.captureAttempts,
    };
    if (step.kind === 'failed') {
      // The alert: a payout whose money will not move without a person.
      this.d.logger.error(
        { event: 'payout_capture_failed', ...log, reason: step.reason },
        'payout capture failed',
      );
    } else if (step.kind === 'manual') {
      this.d.logger.warn(
        { event: 'payout_manual_settlement_required', ...log },
        'payout awaits manual settlement',
      );
    } else {
      this.d.logger.info({ event: 'payout_captured', ...log, reference: p.reference }, 'payout captured');
    }
  }
}
