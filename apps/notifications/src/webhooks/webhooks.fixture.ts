import { OutboxWriter } from '@slotline/messaging';
import { Metrics, createLogger } from '@slotline/observability';
import { SecretBox, TransactionRunner } from '@slotline/persistence';
import { PrivateSchema } from '@slotline/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { notificationsPrivateSchema } from '../testing/notifications-private-schema';
import { RetryPolicy } from './retry-schedule';
import { HostResolver, SsrfGuard } from './ssrf-guard';
import { WebhookDeliveryWorker, WebhookDeliveryWorkerDeps } from './webhook-delivery.worker';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';

/** Public addresses for made-up host names, so the SSRF guard passes without real DNS. */
export const TEST_RESOLVER: HostResolver = async (host) => {
  if (host.endsWith('.test')) return [{ address: '93.184.215.14', family: 4 }];
  throw new Error(`ENOTFOUND ${host}`);
};

/** A private notifications schema (PrivateSchema), and the webhook feature's objects built on it. */
export class WebhooksTestContext {
  schema: string;
  /** Connected as the notifications role, like the running app. */
  dataSource: DataSource;
  tx: TransactionRunner;
  endpointRows: WebhookEndpointsRepository;
  deliveries: WebhookDeliveriesRepository;
  secrets = new WebhookSecrets(new SecretBox(randomBytes(32)));
  guard = new SsrfGuard({ allowInsecure: false }, TEST_RESOLVER);
  metrics = new WebhookMetrics(new Metrics({ service: 'notifications' }), async () => 0);
  outbox: OutboxWriter;
  private db: PrivateSchema;

  async setUp(): Promise<void> {
    this.db = await notificationsPrivateSchema('wh_t', 8);
    this.schema = this.db.schema;
    this.dataSource = this.db.service;
    this.tx = new TransactionRunner(this.dataSource);
    this.endpointRows = new WebhookEndpointsRepository(this.schema);
    this.deliveries = new WebhookDeliveriesRepository(this.schema);
    this.outbox = new OutboxWriter({ schema: this.schema, producer: 'notifications' });
  }

  async tearDown(): Promise<void> {
    await this.db?.drop();
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
