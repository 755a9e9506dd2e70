import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { TypedEventEnvelope } from '@slotline/contracts';
import { InboxConsumer, MessagingLogger, ensureEventsStream } from '@slotline/messaging';
import type { Metrics } from '@slotline/observability';
import type { NatsConnection } from 'nats';
import { whenCommitted, type Queryable } from '@slotline/persistence';
import type { DataSource } from 'typeorm';
import { webhookMessageOf } from './webhook-event.mapper';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

/** Durable consumer name; also the inbox's `consumer` column, so it must never change. */
export const WEBHOOK_CONSUMER_DURABLE = 'notifications-webhooks';

export interface WebhookEventsConsumerOptions {
  nc: NatsConnection;
  dataSource: DataSource;
  schema: string;
  stream: string;
  subjectPrefix: string;
  deliveries: WebhookDeliveriesRepository;
  logger: MessagingLogger;
  /** Counts dead letters (`inbox_dead_letters_total`). */
  metrics?: Metrics;
  /**
   * Called once the transaction of an event that queued deliveries has committed (never after a
   * rollback), so the worker sends them without waiting for its next poll.
   */
  onQueued?: () => void;
}

/**
 * Turns domain events into webhook deliveries, once per event: the inbox row, the stored event and one
 * pending delivery per subscribed endpoint commit in one transaction. One wildcard consumer (`evt.>`)
 * because NATS 2.9 takes a single filter subject; events without a webhook are only marked seen.
 */
export class WebhookEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: InboxConsumer | null = null;

  constructor(private readonly opts: WebhookEventsConsumerOptions) {}

  async onApplicationBootstrap(): Promise<void> {
    const { nc, stream, subjectPrefix } = this.opts;
    await ensureEventsStream(nc, { name: stream, subjectPrefix });
    this.consumer = new InboxConsumer({
      dataSource: this.opts.dataSource,
      schema: this.opts.schema,
      nc,
      stream,
      durable: WEBHOOK_CONSUMER_DURABLE,
      filterSubjects: [`${subjectPrefix}evt.>`],
      handler: (event, manager) => this.handle(event, manager),
      logger: this.opts.logger,
      metrics: this.opts.metrics,
    });
    await this.consumer.start();
  }

  async handle(event: TypedEventEnvelope, manager: Queryable): Promise<void> {
    const message = webhookMessageOf(event);
    if (!message) return;
    const queued = await this.opts.deliveries.storeAndEnqueue(manager, {
      id: message.id,
      event_type: message.type,
      provider_user_id: message.providerUserId,
      occurred_at: message.occurredAt,
      body: message.body,
    });
    if (queued > 0 && this.opts.onQueued) whenCommitted(manager, this.opts.onQueued);
  }

  // Before the platform's shutdown hook drains NATS and closes the DataSource.
  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
  }
}
