import { MessagingLogger, OutboxWriter } from '@slotline/messaging';
import { Metrics } from '@slotline/observability';
import { SecretBox, TransactionRunner } from '@slotline/persistence';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { HostResolver, SsrfGuard } from './ssrf-guard';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookEventsConsumer } from './webhook-events.consumer';
import { WebhookJobs } from './webhook-jobs';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSettings } from './webhooks.config';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';

export interface WebhooksInfrastructure {
  dataSource: DataSource;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  nc: NatsConnection;
  logger: Logger;
  metrics: Metrics;
  config: WebhookSettings;
  schema: string;
  /** Tests resolve host names to chosen addresses. */
  resolver?: HostResolver;
}

export const WEBHOOK_TASKS = { deliver: 'webhook_delivery', purge: 'webhook_purge' } as const;

/** The object graph of the webhook feature; `composeNotifications` builds it as part of the service. */
export function composeWebhooks(infra: WebhooksInfrastructure) {
  const { dataSource, tx, outbox, logger, config: c } = infra;
  const endpointRows = new WebhookEndpointsRepository(infra.schema, c.NATS_SUBJECT_PREFIX);
  const deliveries = new WebhookDeliveriesRepository(infra.schema, c.NATS_SUBJECT_PREFIX);
  const guard = new SsrfGuard({ allowInsecure: c.WEBHOOK_ALLOW_INSECURE_URLS }, infra.resolver);
  const secrets = new WebhookSecrets(new SecretBox(c.webhookSecretKey));
  const metrics = new WebhookMetrics(infra.metrics, () =>
    deliveries.oldestPendingAgeSeconds(dataSource.manager),
  );
  const endpoints = new WebhookEndpointsService({
    endpointRows,
    deliveries,
    tx,
    dataSource,
    guard,
    secrets,
    retentionDays: c.WEBHOOK_LOG_RETENTION_DAYS,
  });
  const worker = new WebhookDeliveryWorker({
    endpointRows,
    deliveries,
    tx,
    guard,
    secrets,
    outbox,
    metrics,
    logger,
    retry: { schedule: c.webhookRetrySchedule, jitter: c.WEBHOOK_RETRY_JITTER },
    timeoutMs: c.WEBHOOK_TIMEOUT_MS,
    disableAfterSeconds: c.WEBHOOK_DISABLE_AFTER_SECONDS,
    batchSize: c.WEBHOOK_BATCH_SIZE,
    concurrency: c.WEBHOOK_CONCURRENCY,
  });
  const jobs = new WebhookJobs(
    [
      {
        name: WEBHOOK_TASKS.deliver,
        intervalMs: c.WEBHOOK_POLL_INTERVAL_MS,
        // Drains: a full batch means more may be due.
        work: async () => {
          while ((await worker.runOnce()) === c.WEBHOOK_BATCH_SIZE);
        },
      },
      {
        name: WEBHOOK_TASKS.purge,
        intervalMs: c.WEBHOOK_PURGE_INTERVAL_SECONDS * 1000,
        work: async () => {
          const purged = await tx.run(async (m) =>
            (await deliveries.tryLock(m, 'webhook-purge'))
              ? deliveries.purgeOlderThan(m, c.WEBHOOK_LOG_RETENTION_DAYS)
              : null,
          );
          if (purged && (purged.attempts || purged.events))
            logger.info(
              { event: 'webhook_log_purged', ...purged },
              'webhook attempts and events past retention purged',
            );
        },
      },
    ],
    logger,
  );
  const consumer = new WebhookEventsConsumer({
    nc: infra.nc,
    dataSource,
    schema: infra.schema,
    stream: c.NATS_STREAM,
    subjectPrefix: c.NATS_SUBJECT_PREFIX,
    deliveries,
    logger: logger as MessagingLogger,
    metrics: infra.metrics,
    onQueued: () => jobs.nudge(WEBHOOK_TASKS.deliver),
  });
  return { guard, endpoints, worker, jobs, consumer };
}

export type WebhooksComposition = ReturnType<typeof composeWebhooks>;
