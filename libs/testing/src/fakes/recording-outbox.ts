import {
  EventEnvelope,
  RegisteredEventMap,
  RegisteredEventType,
  eventDataProblems,
  isEventType,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import type { NewEvent, OutboxWriter } from '@slotline/messaging';
import { uuidv7 } from '@slotline/persistence';
import type { InMemoryTransactions, TransactionParticipant } from './in-memory-transactions';

/**
 * Stands in for `OutboxWriter`: keeps the envelopes a service enqueued, under the same rules as the
 * real one (a well-formed type, inside the transaction), and loses them when that transaction rolls back.
 */
export class RecordingOutbox implements TransactionParticipant {
  events: EventEnvelope[] = [];

  constructor(
    private readonly tx: InMemoryTransactions,
    private readonly producer = 'test',
  ) {
    tx.enlist(this);
  }

  /** The writer to hand to the service under test. */
  get writer(): OutboxWriter {
    return {
      enqueue: <K extends RegisteredEventType>(m: unknown, e: NewEvent<K>) => this.enqueue(m, e),
      enqueueMany: async <K extends RegisteredEventType>(m: unknown, es: ReadonlyArray<NewEvent<K>>) => {
        const written: Array<EventEnvelope<RegisteredEventMap[K]>> = [];
        for (const e of es) written.push(await this.enqueue(m, e));
        return written;
      },
    } as unknown as OutboxWriter;
  }

  /** The data of every event of `type`, oldest first. */
  dataOf<T = Record<string, unknown>>(type: string): T[] {
    return this.events.filter((e) => e.type === type).map((e) => e.data as T);
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }

  snapshot(): () => void {
    const saved = [...this.events];
    return () => {
      this.events = saved;
    };
  }

  private async enqueue<K extends RegisteredEventType>(
    manager: unknown,
    event: NewEvent<K>,
  ): Promise<EventEnvelope<RegisteredEventMap[K]>> {
    if (!isEventType(event.type)) throw new AppError('SYS_INTERNAL', `Bad event type ${event.type}`);
    const { problems } = eventDataProblems(event.type, event.data);
    if (problems.length > 0)
      throw new AppError('SYS_INTERNAL', `Invalid ${event.type} event: ${problems.join('; ')}`);
    this.tx.assertInside(manager);
    const envelope: EventEnvelope<RegisteredEventMap[K]> = {
      id: event.id ?? uuidv7(),
      type: event.type,
      occurred_at: (event.occurred_at ?? new Date()).toISOString(),
      producer: this.producer,
      actor: event.actor ?? null,
      request_id: event.request_id ?? null,
      traceparent: event.traceparent ?? null,
      idempotency_key: event.idempotency_key ?? null,
      data: event.data,
    };
    this.events.push(envelope as EventEnvelope);
    return envelope;
  }
}
