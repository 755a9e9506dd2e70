import { Module, Provider } from '@nestjs/common';
import { APP_CONFIG, LOGGER, NATS_CONNECTION } from '@slotline/bootstrap';
import { OutboxWriter } from '@slotline/messaging';
import { Metrics } from '@slotline/observability';
import { SERVICE_SCHEMAS, TransactionRunner } from '@slotline/persistence';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookEventsConsumer } from './webhook-events.consumer';
import { WebhookJobs } from './webhook-jobs';
import { WebhookSettings } from './webhooks.config';
import { WebhooksController } from './webhooks.controller';
import { composeWebhooks, WebhooksComposition } from './webhooks.composition';

const COMPOSITION = Symbol('WEBHOOKS_COMPOSITION');

const fromComposition = (
  provide: abstract new (...args: never[]) => unknown,
  pick: (c: WebhooksComposition) => unknown,
): Provider => ({ provide, inject: [COMPOSITION], useFactory: pick });

/** Outbound webhooks (GW-8); the platform's providers (DataSource, NATS, config) are global. */
@Module({
  controllers: [WebhooksController],
  providers: [
    {
      provide: COMPOSITION,
      inject: [DataSource, TransactionRunner, OutboxWriter, NATS_CONNECTION, LOGGER, Metrics, APP_CONFIG],
      useFactory: (
        dataSource: DataSource,
        tx: TransactionRunner,
        outbox: OutboxWriter,
        nc: NatsConnection,
        logger: Logger,
        metrics: Metrics,
        config: WebhookSettings,
      ) =>
        composeWebhooks({
          dataSource,
          tx,
          outbox,
          nc,
          logger,
          metrics,
          config,
          schema: SERVICE_SCHEMAS.notifications.schema,
        }),
    },
    fromComposition(WebhookEndpointsService, (c) => c.endpoints),
    fromComposition(WebhookEventsConsumer, (c) => c.consumer),
    fromComposition(WebhookJobs, (c) => c.jobs),
  ],
})
export class WebhooksModule {}
