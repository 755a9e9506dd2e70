import {
  EventActor,
  EventEnvelope,
  RegisteredEventMap,
  eventDataProblems,
  isEventType,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { isInTransaction, Queryable } from '@slotline/persistence';
import { v7 as uuidv7, validate as isUuid } from 'uuid';
import { EVENT_HEADERS } from './event-headers';
import { quoteSchema } from './outbox-sql';

export interface OutboxWriterOptions {
  schema: string;
  /** The service name written as `producer` in every envelope. */
  producer: string;
}

/**
 * An event to record: `type` must be declared with `defineEvent` (listed in the event catalog) and
 * `data` must be its payload type. `M` is only swapped by tests that declare probe events.
 */
export interface NewEvent<K extends keyof M & string, M = RegisteredEventMap> {
  type: K;
  data: M[K];
  actor?: EventActor | null;
  request_id?: string | null;
  traceparent?: string | null;
  idempotency_key?: string | null;
  /** Defaults to a fresh UUIDv7; pass one to make a retried command produce the same event id. */
  id?: string;
  /** Defaults to now. */
  occurred_at?: Date;
}

/**
 * Records domain events in the service's outbox inside the caller's transaction, so the event exists
 * if and only if the state change committed. The relay publishes it later.
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
    const envelopes = events.map((event) => this.envelopeOf(event));
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
      envelopes.flatMap((e) => [e.id, e.type, JSON.stringify(e), JSON.stringify(headersFor(e))]),
    );
    return envelopes;
  }

  private envelopeOf<K extends keyof M & string>(event: NewEvent<K, M>): EventEnvelope<M[K]> {
    if (!isEventType(event.type)) {
      throw new AppError(
        'SYS_INTERNAL',
        `Event type ${JSON.stringify(event.type)} does not match evt.<context>.<aggregate>.<event>.v<n>`,
      );
    }
    // A producer bug fails the command here rather than dead-lettering at every consumer later.
    const { problems } = eventDataProblems(event.type, event.data);
    if (problems.length > 0)
      throw new AppError('SYS_INTERNAL', `Invalid ${event.type} event: ${problems.join('; ')}`);
    if (event.id !== undefined && !isUuid(event.id))
      throw new AppError('SYS_INTERNAL', 'Event id must be a UUID');
    return {
      id: event.id ?? uuidv7(),
      type: event.type,
      occurred_at: (event.occurred_at ?? new Date()).toISOString(),
      producer: this.opts.producer,
      actor: event.actor ?? null,
      request_id: event.request_id ?? null,
      traceparent: event.traceparent ?? null,
      idempotency_key: event.idempotency_key ?? null,
      data: event.data,
    };
  }
}

function headersFor(envelope: EventEnvelope): Record<string, string> {
  const headers: Record<string, string> = { [EVENT_HEADERS.eventType]: envelope.type };
  if (envelope.traceparent) headers[EVENT_HEADERS.traceparent] = envelope.traceparent;
  if (envelope.request_id) headers[EVENT_HEADERS.requestId] = envelope.request_id;
  return headers;
}
