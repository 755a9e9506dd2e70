import { EventEnvelope, RegisteredEventMap } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { isInTransaction, Queryable, whenCommitted } from '@slotline/persistence';
import { NewEvent, eventHeadersOf, newEventEnvelope } from './event-envelope';
import { quoteSchema } from './outbox-sql';

export type { NewEvent } from './event-envelope';

export interface OutboxWriterOptions {
  schema: string;
  /** The service name written as `producer` in every envelope. */
  producer: string;
  /**
   * Called once after the transaction that wrote events commits (the service's `OutboxRelay.wake`), so
   * they leave now rather than at the relay's next poll. Only transactions of `inPgTransaction` say when
   * they commit; events written in any other wait for the poll.
   */
  onCommitted?: () => void;
}

/**
 * Records domain events in the service's outbox inside the caller's transaction, so the event exists
 * if and only if the state change committed. The relay publishes it later: woken by `onCommitted`, or
 * at its next poll.
 */
export class OutboxWriter<M = RegisteredEventMap> {
  private readonly table: string;

  constructor(private readonly opts: OutboxWriterOptions) {
    this.table = `${quoteSchema(opts.schema)}.outbox`;
  }

  async enqueue<K extends keyof M & string>(
    db: Queryable,
    event: NewEvent<K, M>,
  ): Promise<EventEnvelope<M[K]>> {
    const [envelope] = await this.enqueueMany(db, [event]);
    return envelope;
  }

  /**
   * Several events of one state change in one INSERT (one round trip), in the order given: each is
   * checked exactly as `enqueue` checks it, all before anything is written.
   */
  async enqueueMany<K extends keyof M & string>(
    db: Queryable,
    events: ReadonlyArray<NewEvent<K, M>>,
  ): Promise<Array<EventEnvelope<M[K]>>> {
    const envelopes = events.map((event) => newEventEnvelope(this.opts.producer, event));
    // Written outside a transaction the row could commit without the state change (or the reverse).
    if (!isInTransaction(db)) {
      throw new AppError(
        'SYS_INTERNAL',
        'OutboxWriter.enqueue must run inside the transaction of the state change',
      );
    }
    if (envelopes.length === 0) return envelopes;
    const values = envelopes.map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`);
    await db.query(
      `INSERT INTO ${this.table} (id, subject, envelope, headers) VALUES ${values.join(', ')}`,
      envelopes.flatMap((e) => [e.id, e.type, JSON.stringify(e), JSON.stringify(eventHeadersOf(e))]),
    );
    if (this.opts.onCommitted) whenCommitted(db, this.opts.onCommitted);
    return envelopes;
  }
}
