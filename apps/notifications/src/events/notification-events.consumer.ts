import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ensureEventsStream, InboxConsumer, MessagingLogger } from '@slotline/messaging';
import type { Metrics } from '@slotline/observability';
import { whenCommitted } from '@slotline/persistence';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { NotificationEventRouter } from './notification-event.router';

/**
 * Durable consumer names and their filters. One filter each (NATS 2.9 refuses several per consumer);
 * the names are also the inbox's `consumer` column, so they must never change.
 */
export const NOTIFICATION_CONSUMERS = [
  { durable: 'notifications-auth', filter: 'evt.auth.>' },
  { durable: 'notifications-scheduling', filter: 'evt.scheduling.>' },
  { durable: 'notifications-payouts', filter: 'evt.payouts.>' },
] as const;

export interface NotificationEventsConsumerOptions {
  nc: NatsConnection;
  dataSource: DataSource;
  schema: string;
  stream: string;
  subjectPrefix: string;
  router: NotificationEventRouter;
  logger: MessagingLogger;
  /** Counts dead letters (`inbox_dead_letters_total`). */
  metrics?: Metrics;
  /**
   * Called once the transaction that handled an event has committed: the dispatcher sends what it
   * queued without waiting to poll.
   */
  onCommitted?: () => void;
}

/** NTF-1: each event is handled once per consumer: the inbox row and the notifications commit together. */
export class NotificationEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumers: InboxConsumer[] = [];

  constructor(private readonly opts: NotificationEventsConsumerOptions) {}

  async onApplicationBootstrap(): Promise<void> {
    const { nc, stream, subjectPrefix } = this.opts;
    await ensureEventsStream(nc, { name: stream, subjectPrefix });
    for (const { durable, filter } of NOTIFICATION_CONSUMERS) {
      const consumer = new InboxConsumer({
        dataSource: this.opts.dataSource,
        schema: this.opts.schema,
        nc,
        stream,
        durable,
        filterSubjects: [`${subjectPrefix}${filter}`],
        // A recipient not yet in the directory (its account event still on the way) is retried soon.
        backoffMs: [500, 1_000, 5_000, 30_000, 120_000],
        handler: async (event, manager) => {
          await this.opts.router.handle(event, manager);
          if (this.opts.onCommitted) whenCommitted(manager, this.opts.onCommitted);
        },
        logger: this.opts.logger,
        metrics: this.opts.metrics,
      });
      await consumer.start();
      this.consumers.push(consumer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    this.consumers = [];
  }
}
