import { SpanKind, runWithContext, startServerSpan } from '@slotline/observability';
import { EventEnvelope, TypedEventEnvelope, eventEnvelopeProblems } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import type { ConsumerMessages, JsMsg } from 'nats';
import type { Transaction } from '@slotline/persistence';
import { ensureDurableConsumer } from './events-stream';
import { DeadLetter, InboxDeadLetters } from './inbox-dead-letters';
import { MessagingLogger, errorMessage, fallbackMessagingLogger } from './messaging-logger';
import { InboxConsumerOptions } from './inbox-consumer-options';
import { DECLARED_EVENT_DATA } from './event-data-check';
import { deferred, forEachBatch } from './message-batches';
import { InboxTable, inInboxTransaction } from './inbox-transaction';

// The handler types and options live beside this file; callers import them from here, as before.
export type { BatchEventHandler, EventHandler, InboxConsumerOptions } from './inbox-consumer-options';

const DEFAULT_BACKOFF_MS = [1_000, 5_000, 30_000, 120_000, 300_000];
/**
 * Messages asked of the server ahead of handling, and how few may still be outstanding before it is
 * asked for more. nats.js asks again once they fall to 75 % by default: with 10, a pull request (a
 * publish of its own) for every two messages received; at half of 20, one for every ten.
 */
const PREFETCH = 20;
const PULL_AGAIN_AT = 10;
/** The most events handled in one transaction. */
const MAX_BATCH = 20;

/** How a shared transaction ended; `failedAt` is the index of the event whose handler threw. */
type BatchOutcome = { ok: true } | { ok: false; failedAt: number | null; err: unknown };

/** A decoded message and the fields every log line about it carries. */
interface Delivery<E> {
  msg: JsMsg;
  envelope: E;
  log: Record<string, unknown>;
}

/**
 * Runs a handler once per event for a durable JetStream pull consumer.
 *
 * The inbox row and the handler's writes commit in one transaction, and the message is acked only
 * after that commit: a redelivered or re-published event finds its inbox row and is acked without
 * running again. A throwing handler rolls back and the message is nak'ed with a backoff delay.
 *
 * Events that arrived while earlier ones were handled (a backlog) share one transaction, at most
 * `MAX_BATCH` of them: one inbox insert, the handlers in stream order, one commit, then the acks, so
 * a backlog costs a few round trips per event instead of begin, insert and commit for each. If a
 * handler fails, the shared transaction rolls back as a whole: the events before it are handled
 * again, the failing one is retried with its backoff (or dead-lettered) exactly as if it had failed
 * alone, and the ones after it follow; any other failure (begin, the inbox insert, commit) sends
 * every event of the batch through the one-at-a-time path.
 *
 * A consumer whose per-event statements can be merged gives a `batchHandler` too: a shared
 * transaction with several new events then runs it once for all of them. When it throws, everything
 * rolls back and each event of the batch is handled alone through `handler`, so a poison event is
 * retried or dead-lettered by itself and its neighbours commit without it.
 *
 * Dead letters: an event no retry can fix (a malformed envelope, a `type` nobody declared, `data` that
 * fails its class) is given up at once; one whose handler fails on its last allowed delivery
 * (`maxDeliver`) after the retries. Either way it is stored in `<schema>.inbox_dead_letters` with the
 * reason, logged at error level, counted in `inbox_dead_letters_total{durable,reason}` and terminated
 * with `term()`, so the next event flows. If the row cannot be written (database down) the message is
 * nak'ed instead and comes back. To replay one, fix the cause and re-publish its payload.
 *
 * Transactions run on a client taken straight from the DataSource's pg pool (`inPgTransaction`, as
 * `TransactionRunner` does), and `START TRANSACTION` travels with the inbox insert in one message;
 * statements are timed into `db_query_duration_seconds` and traced as `db.<operation>` as before.
 */
export class InboxConsumer<E extends EventEnvelope = TypedEventEnvelope> {
  private readonly inboxTable: InboxTable;
  private readonly maxDeliver: number;
  private readonly ackWaitMs: number;
  private readonly backoffMs: number[];
  private readonly logger: MessagingLogger;
  private readonly deadLetters: InboxDeadLetters;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly opts: InboxConsumerOptions<E>) {
    this.inboxTable = { dataSource: opts.dataSource, schema: opts.schema, durable: opts.durable };
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
    await ensureDurableConsumer(this.opts.nc, this.opts.stream, this.opts.durable, {
      filterSubjects: this.opts.filterSubjects,
      maxDeliver: this.maxDeliver,
      ackWaitMs: this.ackWaitMs,
    });
    const consumer = await this.opts.nc.jetstream().consumers.get(this.opts.stream, this.opts.durable);
    const messages = await consumer.consume({ max_messages: PREFETCH, threshold_messages: PULL_AGAIN_AT });
    this.messages = messages;
    this.loop = this.run(messages).catch((err) =>
      this.logger.error({
        event: 'inbox_consumer_failed',
        durable: this.opts.durable,
        err: errorMessage(err),
      }),
    );
  }

  /** Stops pulling and resolves once the messages being handled (if any) are settled. */
  async stop(): Promise<void> {
    const messages = this.messages;
    this.messages = null;
    if (!messages) return;
    // nats.js resolves close() only once the iterator has been read past what it still buffers, which
    // the pump does only after the handling loop lets go of it: so wait for the loop, then the close.
    const closed = messages.close();
    await this.loop;
    await closed;
    this.loop = null;
  }

  /** Handles the messages in stream order, one batch at a time, until the consumer stops. */
  private run(messages: ConsumerMessages): Promise<void> {
    return forEachBatch(messages, {
      maxBatch: MAX_BATCH,
      running: () => this.messages === messages,
      handle: (batch) => this.processBatch(batch),
    });
  }

  private async processBatch(batch: JsMsg[]): Promise<void> {
    const events: Delivery<E>[] = [];
    for (const msg of batch) {
      const envelope = await this.decode(msg);
      if (envelope) events.push({ msg, envelope, log: this.logFields(msg, envelope) });
    }
    await this.handle(events);
  }

  /** Handles decoded events in stream order: alone, or several in one transaction. */
  private async handle(events: Delivery<E>[]): Promise<void> {
    if (events.length <= 1) {
      if (events.length === 1) await this.process(events[0]);
      return;
    }
    // Long handlers keep the messages from being redelivered to another replica meanwhile.
    const heartbeat = setInterval(
      () => events.forEach((e) => e.msg.working()),
      Math.max(this.ackWaitMs / 2, 100),
    );
    let outcome: BatchOutcome;
    try {
      outcome = await this.processTogether(events);
    } finally {
      clearInterval(heartbeat);
    }
    if (outcome.ok) return;
    if (outcome.failedAt === null) {
      // Begin, the inbox insert, the batch handler or the commit failed: each event on its own, as it
      // would have alone (so a poison event fails by itself).
      for (const event of events) await this.process(event);
      return;
    }
    // A handler failed and everything rolled back: the events before it run again, it is retried
    // (or dead-lettered) as if it had failed alone, and the ones after it follow.
    const at = outcome.failedAt;
    await this.handle(events.slice(0, at));
    await this.settleFailure(events[at], outcome.err);
    await this.handle(events.slice(at + 1));
  }

  /**
   * One transaction for the whole batch: one inbox insert for every event, each new event's handler in
   * stream order (each in its own span and request context, the span ending with the commit), then
   * one commit and the acks. When anything fails everything rolls back and nothing is acked.
   */
  private async processTogether(events: Delivery<E>[]): Promise<BatchOutcome> {
    const spans: Promise<unknown>[] = [];
    const committed = deferred();
    const duplicates: Delivery<E>[] = [];
    let failedAt: number | null = null;
    try {
      await inInboxTransaction(this.inboxTable, events, async (tx, inserted) => {
        const fresh = new Set(inserted);
        const news: Delivery<E>[] = [];
        for (const event of events) {
          // An id twice in one batch (re-published past the duplicate window) runs once, like a redelivery.
          if (fresh.delete(event.envelope.id.toLowerCase())) news.push(event);
          else duplicates.push(event);
        }
        if (this.opts.batchHandler && news.length > 1) {
          await this.runTogether(news, tx, spans, committed);
          return;
        }
        for (const event of news) {
          const index = events.indexOf(event);
          await new Promise<void>((handled, failed) => {
            spans.push(
              this.inSpan(event.envelope, async () => {
                try {
                  await this.opts.handler(event.envelope, tx);
                } catch (err) {
                  failedAt = index;
                  failed(err);
                  throw err;
                }
                handled();
                await committed.promise;
              }).catch(() => undefined),
            );
          });
        }
      });
      committed.resolve();
    } catch (err) {
      committed.reject(err);
      await Promise.all(spans);
      return { ok: false, failedAt, err };
    }
    await Promise.all(spans);
    for (const event of events) event.msg.ack();
    for (const event of duplicates)
      this.logger.info({ event: 'inbox_duplicate', ...event.log }, 'event already processed');
    return { ok: true };
  }

  /**
   * The batch handler for `news`, each event still in its own `consume <type>` span and request
   * context, open until the commit; the shared statements are traced under the first event's span.
   * A failure leaves `failedAt` unset, so every event of the batch is then handled alone.
   */
  private runTogether(
    news: Delivery<E>[],
    tx: Transaction,
    spans: Promise<unknown>[],
    committed: { promise: Promise<void> },
  ): Promise<void> {
    const batchHandler = this.opts.batchHandler!;
    return new Promise<void>((handled, failed) => {
      for (const [index, event] of news.entries()) {
        spans.push(
          this.inSpan(event.envelope, async () => {
            if (index === 0) {
              try {
                await batchHandler(
                  news.map((e) => e.envelope),
                  tx,
                );
              } catch (err) {
                failed(err);
                throw err;
              }
              handled();
            }
            await committed.promise;
          }).catch(() => undefined),
        );
      }
    });
  }

  private async process({ msg, envelope, log }: Delivery<E>): Promise<void> {
    // Long handlers keep the message from being redelivered to another replica meanwhile.
    const heartbeat = setInterval(() => msg.working(), Math.max(this.ackWaitMs / 2, 100));
    try {
      const ran = await this.inSpan(envelope, () =>
        inInboxTransaction(this.inboxTable, [{ envelope }], async (tx, inserted) => {
          if (inserted.length === 0) return false;
          await this.opts.handler(envelope, tx);
          return true;
        }),
      );
      msg.ack();
      if (!ran) this.logger.info({ event: 'inbox_duplicate', ...log }, 'event already processed');
    } catch (err) {
      await this.settleFailure({ msg, envelope, log }, err);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** The handler continues the producer's trace and request id, so its logs line up with the request. */
  private inSpan<T>(envelope: E, fn: () => Promise<T>): Promise<T> {
    const carrier = envelope.traceparent ? { traceparent: envelope.traceparent } : {};
    return runWithContext(
      { request_id: envelope.request_id ?? undefined, user_id: envelope.actor?.user_id },
      () => startServerSpan(`consume ${envelope.type}`, carrier, SpanKind.CONSUMER, fn),
    );
  }

  private logFields(msg: JsMsg, envelope: E): Record<string, unknown> {
    return {
      durable: this.opts.durable,
      event_id: envelope.id,
      event_type: envelope.type,
      delivery: msg.info.deliveryCount,
    };
  }

  private async settleFailure({ msg, envelope, log }: Delivery<E>, err: unknown): Promise<void> {
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
}
