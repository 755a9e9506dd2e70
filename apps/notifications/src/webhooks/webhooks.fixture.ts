import { OutboxWriter, inboxDeadLettersSql, outboxTablesSql } from '@slotline/messaging';
import { Metrics, createLogger } from '@slotline/observability';
import { SecretBox, TransactionRunner } from '@slotline/persistence';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SUPERUSER_TEST_URL } from '../../../../test/support/test-env';
import { RetryPolicy } from './retry-schedule';
import { HostResolver, SsrfGuard } from './ssrf-guard';
import { WebhookDeliveryWorker, WebhookDeliveryWorkerDeps } from './webhook-delivery.worker';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookSecrets } from './webhook-secrets';
import { webhooksUpSql } from './webhooks.sql';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';

/** Public addresses for made-up host names, so the SSRF guard passes without real DNS. */
export const TEST_RESOLVER: HostResolver = async (host) => {
  if (host.endsWith('.test')) return [{ address: '93.184.215.14', family: 4 }];
  throw new Error(`ENOTFOUND ${host}`);
};

/** A throw-away schema with the webhook and outbox tables, and the feature's objects built on it. */
export class WebhooksTestContext {
  readonly schema = `wh_t_${randomBytes(5).toString('hex')}`;
  dataSource: DataSource;
  tx: TransactionRunner;
  endpointRows: WebhookEndpointsRepository;
  deliveries: WebhookDeliveriesRepository;
  secrets = new WebhookSecrets(new SecretBox(randomBytes(32)));
  guard = new SsrfGuard({ allowInsecure: false }, TEST_RESOLVER);
  metrics = new WebhookMetrics(new Metrics({ service: 'notifications' }), async () => 0);
  outbox: OutboxWriter;

  async setUp(): Promise<void> {
    this.dataSource = new DataSource({
      type: 'postgres',
      url: SUPERUSER_TEST_URL,
      poolSize: 8,
    });
    await this.dataSource.initialize();
    await this.dataSource.query(`CREATE SCHEMA "${this.schema}"`);
    for (const sql of [
      ...outboxTablesSql(this.schema),
      ...inboxDeadLettersSql(this.schema),
      ...webhooksUpSql(this.schema),
    ])
      await this.dataSource.query(sql);
    this.tx = new TransactionRunner(this.dataSource);
    this.endpointRows = new WebhookEndpointsRepository(this.schema);
    this.deliveries = new WebhookDeliveriesRepository(this.schema);
    this.outbox = new OutboxWriter({ schema: this.schema, producer: 'notifications' });
  }

  async tearDown(): Promise<void> {
    if (!this.dataSource?.isInitialized) return;
    await this.dataSource.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.dataSource.destroy();
  }

  endpoints(now?: () => Date): WebhookEndpointsService {
    const { endpointRows, deliveries, tx, dataSource, guard, secrets } = this;
    return new WebhookEndpointsService({
      endpointRows,
      deliveries,
      tx,
      dataSource,
      guard,
      secrets,
      retentionDays: 30,
      now,
    });
  }

  worker(
    overrides: Partial<WebhookDeliveryWorkerDeps> & { retry?: RetryPolicy } = {},
  ): WebhookDeliveryWorker {
    return new WebhookDeliveryWorker({
      endpointRows: this.endpointRows,
      deliveries: this.deliveries,
      tx: this.tx,
      guard: this.guard,
      secrets: this.secrets,
      outbox: this.outbox,
      metrics: this.metrics,
      logger: createLogger({ service: 'notifications', level: 'silent' }),
      retry: { schedule: [0, 0, 0], jitter: 0 },
      timeoutMs: 1000,
      disableAfterSeconds: 3600,
      batchSize: 50,
      concurrency: 4,
      ...overrides,
    });
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql.replace(/\bS\./g, `"${this.schema}".`), params);
  }
}
