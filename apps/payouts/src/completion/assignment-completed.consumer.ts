import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SCHEDULING_EVENTS } from '@slotline/contracts';
import { InboxConsumer, MessagingLogger, ensureEventsStream } from '@slotline/messaging';
import type { Metrics } from '@slotline/observability';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { PayoutCreationService } from './payout-creation.service';

/** Durable consumer name; also the inbox's `consumer` column, so it must never change. */
export const COMPLETION_CONSUMER_DURABLE = 'payouts-assignment-completed';
export const ASSIGNMENT_COMPLETED = SCHEDULING_EVENTS.assignmentCompleted;

export interface AssignmentCompletedConsumerOptions {
  nc: NatsConnection;
  dataSource: DataSource;
  schema: string;
  stream: string;
  subjectPrefix: string;
  creation: PayoutCreationService;
  logger: MessagingLogger;
  /** Counts dead letters (`inbox_dead_letters_total`). */
  metrics?: Metrics;
}

/**
 * PAY-1: turns each completed assignment into a pending payout, once per event (inbox) and once per
 * assignment (unique key). One filter subject, as NATS 2.9 allows one per durable consumer.
 */
export class AssignmentCompletedConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: InboxConsumer | null = null;

  constructor(private readonly opts: AssignmentCompletedConsumerOptions) {}

  async onApplicationBootstrap(): Promise<void> {
    const { nc, stream, subjectPrefix } = this.opts;
    // The platform creates the stream on bootstrap too, but hook order across modules is not guaranteed.
    await ensureEventsStream(nc, { name: stream, subjectPrefix });
    this.consumer = new InboxConsumer({
      dataSource: this.opts.dataSource,
      schema: this.opts.schema,
      nc,
      stream,
      durable: COMPLETION_CONSUMER_DURABLE,
      filterSubjects: [`${subjectPrefix}${ASSIGNMENT_COMPLETED}`],
      // The filter lets only completions through; the check narrows the envelope's type.
      handler: async (event, manager) => {
        if (event.type === SCHEDULING_EVENTS.assignmentCompleted)
          await this.opts.creation.fromCompletion(event, manager);
      },
      logger: this.opts.logger,
      metrics: this.opts.metrics,
    });
    await this.consumer.start();
  }

  // Before the platform's shutdown hook drains NATS and closes the DataSource.
  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
  }
}
