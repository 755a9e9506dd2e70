import { OutboxWriter } from '@slotline/messaging';
import { Metrics } from '@slotline/observability';
import { TransactionRunner } from '@slotline/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PayoutAccountsRepository } from './accounts/payout-accounts.repository';
import { PayoutAccountsService } from './accounts/payout-accounts.service';
import { CaptureWorker, CaptureWorkerDeps } from './capture/capture-worker';
import { ManualPaymentProvider } from './capture/manual-payment.provider';
import { PaymentProvider } from './capture/payment-provider';
import { StripePaymentProvider } from './capture/stripe-payment.provider';
import { PayoutCreationService } from './completion/payout-creation.service';
import { PayoutsConfig } from './config/payouts.config';
import { PayoutDecisionsService } from './payouts/payout-decisions.service';
import { PayoutQueriesService } from './payouts/payout-queries.service';
import { PayoutsRepository } from './payouts/payouts.repository';
import { registerBacklogGauges } from './reporting/backlog-gauges';

/** The settings the object graph reads; a subset of PayoutsConfig so tests can pass plain values. */
export type PayoutsSettings = Pick<
  PayoutsConfig,
  | 'STRIPE_SECRET_KEY'
  | 'STRIPE_API_HOST'
  | 'STRIPE_API_PORT'
  | 'STRIPE_API_PROTOCOL'
  | 'STRIPE_TIMEOUT_MS'
  | 'PAYOUT_CAPTURE_INTERVAL_MS'
  | 'PAYOUT_CAPTURE_MAX_ATTEMPTS'
  | 'PAYOUT_CAPTURE_BASE_DELAY_MS'
  | 'PAYOUT_CAPTURE_MAX_DELAY_MS'
  | 'PAYOUT_CAPTURE_LEASE_MS'
>;

export interface PayoutsInfrastructure {
  dataSource: DataSource;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  logger: Logger;
  metrics: Metrics;
  settings: PayoutsSettings;
  /** The service's schema; integration tests pass a private one. */
  schema: string;
  /** Tests replace the adapter the settings would choose. */
  provider?: PaymentProvider;
  /** Test seam: runs between the provider's answer and the commit of the outcome. */
  afterProviderCall?: CaptureWorkerDeps['afterProviderCall'];
}

/** PAY-3: Stripe when a secret key is set, manual settlement otherwise. */
export function paymentProviderFor(s: PayoutsSettings): PaymentProvider {
  if (!s.STRIPE_SECRET_KEY) return new ManualPaymentProvider();
  return new StripePaymentProvider({
    secretKey: s.STRIPE_SECRET_KEY,
    host: s.STRIPE_API_HOST,
    port: s.STRIPE_API_PORT,
    protocol: s.STRIPE_API_PROTOCOL === 'http' ? 'http' : 'https',
    timeoutMs: s.STRIPE_TIMEOUT_MS,
  });
}

/** The object graph of the payouts service, shared by the Nest module and the integration tests. */
export function composePayouts(infra: PayoutsInfrastructure) {
  const { dataSource: db, tx, outbox, logger, metrics, settings: s, schema } = infra;
  const payouts = new PayoutsRepository(db, schema);
  const accounts = new PayoutAccountsRepository(db, schema);
  const provider = infra.provider ?? paymentProviderFor(s);
  const queries = new PayoutQueriesService(payouts);
  registerBacklogGauges(metrics, payouts);
  logger.info({ event: 'payout_capture_method', method: provider.method }, 'payout capture method');
  return {
    queries,
    decisions: new PayoutDecisionsService({ payouts, tx, outbox, logger }),
    accounts: new PayoutAccountsService(accounts),
    creation: new PayoutCreationService({ payouts, outbox, logger }),
    capture: new CaptureWorker({
      payouts,
      accounts,
      provider,
      tx,
      outbox,
      logger,
      attempts: metrics.counter('payout_capture_attempts_total', 'Capture attempts by what came of them', [
        'outcome',
      ]),
      policy: {
        maxAttempts: s.PAYOUT_CAPTURE_MAX_ATTEMPTS,
        baseDelayMs: s.PAYOUT_CAPTURE_BASE_DELAY_MS,
        maxDelayMs: s.PAYOUT_CAPTURE_MAX_DELAY_MS,
      },
      leaseMs: s.PAYOUT_CAPTURE_LEASE_MS,
      intervalMs: s.PAYOUT_CAPTURE_INTERVAL_MS,
      batchSize: 10,
      afterProviderCall: infra.afterProviderCall,
    }),
  };
}

export type PayoutsComposition = ReturnType<typeof composePayouts>;
