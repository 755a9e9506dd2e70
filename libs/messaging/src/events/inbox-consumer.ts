import { SpanKind, runWithContext, startServerSpan } from '@slotline/observability';
import { EventEnvelope, eventEnvelopeProblems } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import type { ConsumerConfig, ConsumerMessages, JsMsg, NatsConnection } from 'nats';
import { AckPolicy, DeliverPolicy, nanos } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { isNotFound } from './events-stream';
import { MessagingLogger, errorMessage, fallbackMessagingLogger } from './messaging-logger';
import { quoteSchema } from './outbox-sql';

export type EventHandler = (event: EventEnvelope, manager: EntityManager) => Promise<void>;

export interface InboxConsumerOptions {
  dataSource: DataSource;
  schema: string;
  nc: NatsConnection;
  stream: string;
  /** Durable consumer name; also the `consumer` column of the inbox, so it must be stable. */
  durable: string;
  /** Full subjects including any prefix; wildcards allowed. Several need NATS server 2.10+. */
  filterSubjects: string[];
  handler: EventHandler;
  /** Deliveries before the event is dead-lettered. Default 10. */
  maxDeliver?: number;
  /** How long the server waits for an ack before redelivering. Default 30 s. */
  ackWaitMs?: number;
  /** Delay before redelivery after a failed attempt n is backoffMs[n-1] (the last entry repeats). */
  backoffMs?: number[];
  logger?: MessagingLogger;
}

const DEFAULT_BACKOFF_MS = [1_000, 5_000, 30_000, 120_000, 300_000];
const PREFETCH = 10;

/**
 * Runs a handler once per event for a durable JetStream pull consumer.
 *
 * The inbox row and the handler's writes commit in one transaction, and the message is acked only
 * after that commit: a redelivered or re-published event finds its inbox row and is acked without
 * running again. A throwing handler rolls back and the message is nak'ed with a backoff delay.
 *
 * Dead letters: when the last allowed delivery (`maxDeliver`) fails, the message is logged at error
 * level (`event: 'inbox_dead_letter'`, with event id and type) and terminated with `term()`. The event
 * stays in the stream and JetStream emits a `$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED` advisory; to
 * replay it, fix the cause and re-publish it or reset the consumer. A malformed envelope is terminated
 * at once, since no retry can fix it.
 */
export class InboxConsumer {
  private readonly inbox: string;
  private readonly maxDeliver: number;
  private readonly ackWaitMs: number;
  private readonly backoffMs: number[];
  private readonly logger: MessagingLogger;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly opts: InboxConsumerOptions) {
    this.inbox = `${quoteSchema(opts.schema)}.inbox`;
    if (opts.filterSubjects.length === 0)
      throw new AppError('SYS_INTERNAL', 'InboxConsumer needs at least one filter subject');
    this.maxDeliver = opts.maxDeliver ?? 10;
    this.ackWaitMs = opts.ackWaitMs ?? 30_000;
    this.backoffMs = opts.backoffMs?.length ? opts.backoffMs : DEFAULT_BACKOFF_MS;
    this.logger = opts.logger ?? fallbackMessagingLogger;
  }

  /** Creates or updates the durable consumer, then processes messages in the background. */
  async start(): Promise<void> {
    if (this.messages) return;
    await this.ensureConsumer();
    const consumer = await this.opts.nc.jetstream().consumers.get(this.opts.stream, this.opts.durable);
    const messages = await consumer.consume({ max_messages: PREFETCH });
    this.messages = messages;
    this.loop = (async () => {
      // One at a time, so the consumer's events are handled in stream order.
      for await (const msg of messages) await this.process(msg);
    })().catch((err) =>
      this.logger.error({
        event: 'inbox_consumer_failed',
        durable: this.opts.durable,
        err: errorMessage(err),
      }),
    );
  }

  /** Stops pulling and resolves once the message being handled (if any) is settled. */
  async stop(): Promise<void> {
    const messages = this.messages;
    this.messages = null;
    if (!messages) return;
    await messages.close();
    await this.loop;
    this.loop = null;
  }

  private async process(msg: JsMsg): Promise<void> {
    const envelope = this.decode(msg);
    if (!envelope) return;
    const log = {
      durable: this.opts.durable,
      event_id: envelope.id,
      event_type: envelope.type,
      delivery: msg.info.deliveryCount,
    };
    // Long handlers keep the message from being redelivered to another replica meanwhile.
    const heartbeat = setInterval(() => msg.working(), Math.max(this.ackWaitMs / 2, 100));
    try {
      // The handler continues the producer's trace and request id, so its logs line up with the request.
      const carrier = envelope.traceparent ? { traceparent: envelope.traceparent } : {};
      const ran = await runWithContext(
        { request_id: envelope.request_id ?? undefined, user_id: envelope.actor?.user_id },
        () =>
          startServerSpan(`consume ${envelope.type}`, carrier, SpanKind.CONSUMER, () =>
            this.opts.dataSource.transaction(async (manager) => {
              const inserted: unknown[] = await manager.query(
                `INSERT INTO ${this.inbox} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
                [this.opts.durable, envelope.id],
              );
              if (inserted.length === 0) return false;
              await this.opts.handler(envelope, manager);
              return true;
            }),
          ),
      );
      msg.ack();
      if (!ran) this.logger.info({ event: 'inbox_duplicate', ...log }, 'event already processed');
    } catch (err) {
      this.settleFailure(msg, log, err);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private settleFailure(msg: JsMsg, log: Record<string, unknown>, err: unknown): void {
    const delivery = msg.info.deliveryCount;
    if (delivery >= this.maxDeliver) {
      this.logger.error(
        { event: 'inbox_dead_letter', ...log, err: errorMessage(err) },
        'event handler failed on its last delivery; event dead-lettered',
      );
      // No reason argument: servers before 2.11 ignore a TERM that carries one.
      msg.term();
      return;
    }
    const delayMs = this.backoffMs[Math.min(delivery, this.backoffMs.length) - 1];
    this.logger.warn(
      { event: 'inbox_retry', ...log, delay_ms: delayMs, err: errorMessage(err) },
      'event handler failed; will retry',
    );
    msg.nak(delayMs);
  }

  private decode(msg: JsMsg): EventEnvelope | null {
    let value: unknown;
    try {
      value = msg.json();
    } catch {
      value = undefined;
    }
    const problems = value === undefined ? ['payload is not JSON'] : eventEnvelopeProblems(value);
    if (problems.length === 0) return value as EventEnvelope;
    this.logger.error(
      {
        event: 'inbox_malformed_event',
        durable: this.opts.durable,
        subject: msg.subject,
        stream_seq: msg.seq,
        problems,
      },
      'malformed event envelope; terminated',
    );
    msg.term();
    return null;
  }

  private async ensureConsumer(): Promise<void> {
    const filters = this.opts.filterSubjects;
    if (filters.length > 1 && !serverAtLeast(this.opts.nc.info?.version, 2, 10)) {
      // Older servers silently ignore filter_subjects and would deliver the whole stream.
      throw new AppError('SYS_INTERNAL', 'Several filter subjects need NATS server 2.10 or later');
    }
    const config: Partial<ConsumerConfig> = {
      max_deliver: this.maxDeliver,
      ack_wait: nanos(this.ackWaitMs),
      ...(filters.length === 1 ? { filter_subject: filters[0] } : { filter_subjects: filters }),
    };
    const jsm = await this.opts.nc.jetstreamManager();
    try {
      await jsm.consumers.info(this.opts.stream, this.opts.durable);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.consumers.add(this.opts.stream, {
        ...config,
        durable_name: this.opts.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      });
      return;
    }
    await jsm.consumers.update(this.opts.stream, this.opts.durable, config);
  }
}

function serverAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const [maj, min] = (version ?? '0.0').split('.').map(Number);
  return maj > major || (maj === major && min >= minor);
}
