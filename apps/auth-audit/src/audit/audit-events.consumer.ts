import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEnvelope } from '@slotline/contracts';
import { ANY_EVENT_DATA, InboxConsumer, MessagingLogger, ensureEventsStream } from '@slotline/messaging';
import type { Metrics } from '@slotline/observability';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { AuditLogService } from './audit-log.service';

/** Durable consumer name; also the inbox's `consumer` column, so it must never change. */
export const AUDIT_CONSUMER_DURABLE = 'auth-audit-audit-log';

export interface AuditEventsConsumerOptions {
  nc: NatsConnection;
  dataSource: DataSource;
  schema: string;
  stream: string;
  /** NATS_STREAM_REPLICAS: whoever creates or updates the stream must ask for the same copies. */
  streamReplicas?: number;
  subjectPrefix: string;
  service: AuditLogService;
  logger: MessagingLogger;
  /** Counts dead letters (`inbox_dead_letters_total`). */
  metrics?: Metrics;
}

/**
 * Feeds the audit log from every domain event on the stream (`<prefix>evt.>`), exactly once per event:
 * the inbox row and the audit row commit in one transaction, and `source_event_id` is unique.
 */
export class AuditEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: InboxConsumer<EventEnvelope> | null = null;

  constructor(private readonly opts: AuditEventsConsumerOptions) {}

  async onApplicationBootstrap(): Promise<void> {
    const { nc, stream, subjectPrefix, streamReplicas } = this.opts;
    // The platform creates the stream on bootstrap too, but hook order across modules is not guaranteed.
    await ensureEventsStream(nc, { name: stream, subjectPrefix, replicas: streamReplicas });
    this.consumer = new InboxConsumer<EventEnvelope>({
      dataSource: this.opts.dataSource,
      schema: this.opts.schema,
      nc,
      stream,
      durable: AUDIT_CONSUMER_DURABLE,
      filterSubjects: [`${subjectPrefix}evt.>`],
      // The audit trail keeps every event, even one other consumers refuse: it is the evidence.
      checkData: ANY_EVENT_DATA,
      handler: async (event, manager) => {
        await this.opts.service.recordEvent(event, manager);
      },
      // A backlog is one insert into the chain; a poison event falls back to `handler`, alone.
      batchHandler: async (events, manager) => {
        await this.opts.service.recordEvents(events, manager);
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
