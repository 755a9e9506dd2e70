import type { EventEnvelope, TypedEventEnvelope } from '@slotline/contracts';
import type { Metrics } from '@slotline/observability';
import type { Transaction } from '@slotline/persistence';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import type { EventDataCheck } from './event-data-check';
import type { MessagingLogger } from './messaging-logger';

/**
 * Gets an envelope whose `data` passed the class declared for its `type` (`defineEvent`), and the
 * inbox transaction its writes commit in (a client of the DataSource's pg pool, as
 * `TransactionRunner.run` gives out).
 */
export type EventHandler<E extends EventEnvelope = TypedEventEnvelope> = (
  event: E,
  tx: Transaction,
) => Promise<void>;

/**
 * Handles the new events of one shared inbox transaction together, in stream order, doing for each
 * exactly what the `EventHandler` does for it alone (for a consumer whose per-event statements can be
 * merged, such as the audit log's one insert for a whole backlog).
 */
export type BatchEventHandler<E extends EventEnvelope = TypedEventEnvelope> = (
  events: E[],
  tx: Transaction,
) => Promise<void>;

export interface InboxConsumerOptions<E extends EventEnvelope = TypedEventEnvelope> {
  dataSource: DataSource;
  schema: string;
  nc: NatsConnection;
  stream: string;
  /** Durable consumer name; also the `consumer` column of the inbox, so it must be stable. */
  durable: string;
  /** Full subjects including any prefix; wildcards allowed. Several need NATS server 2.10+. */
  filterSubjects: string[];
  handler: EventHandler<E>;
  /**
   * Optional: runs instead of `handler` when a shared transaction has two or more new events. If it
   * throws, the transaction rolls back and each of those events goes through `handler` alone, so a
   * poison event fails, is retried or dead-lettered by itself and its neighbours commit without it.
   */
  batchHandler?: BatchEventHandler<E>;
  /** Deliveries before the event is dead-lettered. Default 10. */
  maxDeliver?: number;
  /** How long the server waits for an ack before redelivering. Default 30 s. */
  ackWaitMs?: number;
  /** Delay before redelivery after a failed attempt n is backoffMs[n-1] (the last entry repeats). */
  backoffMs?: number[];
  logger?: MessagingLogger;
  /** Default: `data` must pass the class declared for its `type`, else the event is dead-lettered. */
  checkData?: EventDataCheck;
  /** Where `inbox_dead_letters_total` is counted; without it dead letters are only stored and logged. */
  metrics?: Metrics;
}
