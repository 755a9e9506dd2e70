import {
  EventActor,
  EventEnvelope,
  RegisteredEventMap,
  eventDataProblems,
  isEventType,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { v7 as uuidv7, validate as isUuid } from 'uuid';
import { EVENT_HEADERS } from './event-headers';

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
 * The envelope every producer sends, checked against the event catalog: a producer bug fails the
 * command here rather than dead-lettering at every consumer later.
 */
export function newEventEnvelope<K extends keyof M & string, M = RegisteredEventMap>(
  producer: string,
  event: NewEvent<K, M>,
): EventEnvelope<M[K]> {
  if (!isEventType(event.type)) {
    throw new AppError(
      'SYS_INTERNAL',
      `Event type ${JSON.stringify(event.type)} does not match evt.<context>.<aggregate>.<event>.v<n>`,
    );
  }
  const { problems } = eventDataProblems(event.type, event.data);
  if (problems.length > 0)
    throw new AppError('SYS_INTERNAL', `Invalid ${event.type} event: ${problems.join('; ')}`);
  if (event.id !== undefined && !isUuid(event.id))
    throw new AppError('SYS_INTERNAL', 'Event id must be a UUID');
  return {
    id: event.id ?? uuidv7(),
    type: event.type,
    occurred_at: (event.occurred_at ?? new Date()).toISOString(),
    producer,
    actor: event.actor ?? null,
    request_id: event.request_id ?? null,
    traceparent: event.traceparent ?? null,
    idempotency_key: event.idempotency_key ?? null,
    data: event.data,
  };
}

/** The NATS headers an event travels with besides `Nats-Msg-Id` (= envelope id). */
export function eventHeadersOf(envelope: EventEnvelope): Record<string, string> {
  const headers: Record<string, string> = { [EVENT_HEADERS.eventType]: envelope.type };
  if (envelope.traceparent) headers[EVENT_HEADERS.traceparent] = envelope.traceparent;
  if (envelope.request_id) headers[EVENT_HEADERS.requestId] = envelope.request_id;
  return headers;
}
