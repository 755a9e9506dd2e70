import { Metrics, SpanKind, runWithContext, startServerSpan } from '@slotline/observability';
import {
  EventEnvelope,
  TypedEventEnvelope,
  eventDataProblems,
  eventEnvelopeProblems,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import type { ConsumerConfig, ConsumerMessages, JsMsg, NatsConnection } from 'nats';
import { AckPolicy, DeliverPolicy, nanos } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { isNotFound } from './events-stream';
import { DeadLetter, InboxDeadLetters } from './inbox-dead-letters';
import { MessagingLogger, errorMessage, fallbackMessagingLogger } from './messaging-logger';
import { quoteSchema } from './outbox-sql';

/** Gets an envelope whose `data` passed the class declared for its `type` (`defineEvent`). */
export type EventHandler<E extends EventEnvelope = TypedEventEnvelope> = (
  event: E,
  manager: EntityManager,
) => Promise<void>;

/** What is wrong with an envelope's `data` for its `type` (see `eventDataProblems`). */
export type EventDataCheck = (envelope: EventEnvelope) => { unknownType: boolean; problems: string[] };

/**
 * For a consumer that takes every event as it comes (the audit log records even a type it does not
 * know, as evidence); its handler gets a plain `EventEnvelope`. Malformed envelopes still dead-letter.
 */
export const ANY_EVENT_DATA: EventDataCheck = () => ({ unknownType: false, problems: [] });

const DECLARED_EVENT_DATA: EventDataCheck = (e) => eventDataProblems(e.type, e.data);

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

const DEFAULT_BACKOFF_MS = [1_000, 5_000, 30_000, 120_000, 300_000];
const PREFETCH = 10;

/**
 * Runs a handler once per event for a durable JetStream pull consumer.
 *
 * The inbox row and the handler's writes commit in one transaction, and the message is acked only
 * after that commit: a redelivered or re-published event finds its inbox row and is acked without
 * running again. A throwing handler rolls back and the message is nak'ed with a backoff delay.
 *
 * Dead letters: an event no retry can fix (a malformed envelope, a `type` nobody declared, `data` that
 * fails its class) is given up at once; one whose handler fails on its last allowed delivery
 * (`maxDeliver`) after the retries. Either way it is stored in `<schema>.inbox_dead_letters` with the
 * reason, logged at error level, counted in `inbox_dead_letters_total{durable,reason}` and terminated
 * with `term()`, so the next event flows. If the row cannot be written (database down) the message is
 * nak'ed instead and comes back. To replay one, fix the cause and re-publish its payload.
 */
export class InboxConsumer<E extends EventEnvelope = TypedEventEnvelope> {
  private readonly inbox: string;
  private readonly maxDeliver: number;
  private readonly ackWaitMs: number;
  private readonly backoffMs: number[];
  private readonly logger: MessagingLogger;
  private readonly deadLetters: InboxDeadLetters;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly opts: InboxConsumerOptions<E>) {
    this.inbox = `${quoteSchema(opts.schema)}.inbox`;
    if (opts.filterSubjects.length === 0)
      throw new AppError('SYS_INTERNAL', 'InboxConsumer needs at least one filter subject');
    this.maxDeliver = opts.maxDeliver ?? 10;
    this.ackWaitMs = opts.ackWaitMs ?? 30_000;
    this.backoffMs = opts.backoffMs?.length ? opts.backoffMs : DEFAULT_BACKOFF_MS;
    this.logger = opts.logger ?? fallbackMessagingLogger;
    this.deadLetters = new InboxDeadLetters(opts.dataSource, opts.schema, opts.durable, opts.metrics);
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
    const envelope = await this.decode(msg);
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
      await this.settleFailure(msg, envelope, log, err);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async settleFailure(
    msg: JsMsg,
    envelope: E,
    log: Record<string, unknown>,
    err: unknown,
  ): Promise<void> {
    const delivery = msg.info.deliveryCount;
    if (delivery >= this.maxDeliver) {
      this.logger.error(
        { event: 'inbox_dead_letter', ...log, err: errorMessage(err) },
        'event handler failed on its last delivery; event dead-lettered',
      );
      await this.giveUp(msg, {
        reason: 'handler_failed',
        problems: [errorMessage(err)],
        event_id: envelope.id,
        event_type: envelope.type,
      });
      return;
    }
    const delayMs = this.backoffMs[Math.min(delivery, this.backoffMs.length) - 1];
    this.logger.warn(
      { event: 'inbox_retry', ...log, delay_ms: delayMs, err: errorMessage(err) },
      'event handler failed; will retry',
    );
    msg.nak(delayMs);
  }

  /** The envelope with `data` checked against its declared class, or null once it is dead-lettered. */
  private async decode(msg: JsMsg): Promise<E | null> {
    let value: unknown;
    try {
      value = msg.json();
    } catch {
      value = undefined;
    }
    const where = { durable: this.opts.durable, subject: msg.subject, stream_seq: msg.seq };
    const problems = value === undefined ? ['payload is not JSON'] : eventEnvelopeProblems(value);
    if (problems.length > 0) {
      this.logger.error(
        { event: 'inbox_malformed_event', ...where, problems },
        'malformed event envelope; terminated',
      );
      await this.giveUp(msg, { reason: 'malformed_envelope', problems });
      return null;
    }
    const envelope = value as E;
    const data = (this.opts.checkData ?? DECLARED_EVENT_DATA)(envelope);
    if (data.problems.length === 0) return envelope;
    const reason = data.unknownType ? 'unknown_type' : 'invalid_data';
    this.logger.error(
      {
        event: 'inbox_invalid_event',
        ...where,
        event_id: envelope.id,
        event_type: envelope.type,
        reason,
        problems: data.problems,
      },
      'event data does not match its declared type; terminated',
    );
    await this.giveUp(msg, {
      reason,
      problems: data.problems,
      event_id: envelope.id,
      event_type: envelope.type,
    });
    return null;
  }

  /** Stores and counts the dead letter, then terminates it; a failed store leaves it for redelivery. */
  private async giveUp(msg: JsMsg, letter: DeadLetter): Promise<void> {
    try {
      await this.deadLetters.record(msg, letter);
    } catch (err) {
      const delayMs = this.backoffMs[Math.min(msg.info.deliveryCount, this.backoffMs.length) - 1];
      this.logger.error(
        {
          event: 'inbox_dead_letter_store_failed',
          durable: this.opts.durable,
          stream_seq: msg.seq,
          err: errorMessage(err),
        },
        'could not store a dead letter; will retry',
      );
      msg.nak(delayMs);
      return;
    }
    // No reason argument: servers before 2.11 ignore a TERM that carries one.
    msg.term();
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
