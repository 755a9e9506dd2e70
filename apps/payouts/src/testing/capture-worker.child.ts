/**
 * A capture worker in a process of its own, for the crash test: it leases the due payouts of SCHEMA,
 * calls the Stripe fake, prints `CALLED <payout id> <outcome>` after the provider answered, and then
 * waits forever before committing, so the test can SIGKILL it between the call and the commit.
 */
import { OutboxWriter } from '@slotline/messaging';
import { createLogger, Metrics } from '@slotline/observability';
import { TransactionRunner } from '@slotline/persistence';
import { DataSource } from 'typeorm';
import { composePayouts } from '../payouts.composition';
import { TEST_SETTINGS } from './payouts-test-context';

async function main(): Promise<void> {
  const env = process.env;
  const schema = env.SCHEMA!;
  const dataSource = new DataSource({ type: 'postgres', url: env.DATABASE_URL!, poolSize: 2 });
  await dataSource.initialize();
  const services = composePayouts({
    dataSource,
    tx: new TransactionRunner(dataSource),
    outbox: new OutboxWriter({ schema, producer: 'payouts' }),
    logger: createLogger({ service: 'payouts', level: 'warn' }),
    metrics: new Metrics({ service: 'payouts', collectDefault: false }),
    schema,
    settings: {
      ...TEST_SETTINGS,
      STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY!,
      STRIPE_API_PORT: Number(env.STRIPE_API_PORT),
      PAYOUT_CAPTURE_LEASE_MS: Number(env.PAYOUT_CAPTURE_LEASE_MS),
    },
    afterProviderCall: async (payoutId, result) => {
      process.stdout.write(`CALLED ${payoutId} ${result.kind}\n`);
      await new Promise(() => undefined);
    },
  });
  await services.capture.tick();
}

main().catch((err) => {
  process.stderr.write(`${String(err?.stack ?? err)}\n`);
  process.exit(1);
});
