/**
 * The wire format of every domain event on the EVENTS stream. `data` is the versioned payload named by
 * `type`; everything else is metadata shared by all events.
 */
export interface EventEnvelope<T = unknown> {
  /** UUIDv7; also the JetStream `Nats-Msg-Id` and the consumers' inbox key. */
  id: string;
  /** e.g. 'evt.auth.user.registered.v1'; the NATS subject is this with an optional deployment prefix. */
  type: string;
  /** ISO 8601 with offset. */
  occurred_at: string;
  /** The service that produced the event. */
  producer: string;
  actor?: EventActor | null;
  request_id?: string | null;
  traceparent?: string | null;
  idempotency_key?: string | null;
  data: T;
}

export interface EventActor {
  user_id: string;
  role: string;
}

/** `evt.<context>.<aggregate>.<event>.v<n>` */
export const EVENT_SUBJECT_PATTERN = /^evt\.[a-z_]+\.[a-z_]+\.[a-z_]+\.v\d+$/;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_8601_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function isEventType(value: unknown): value is string {
  return typeof value === 'string' && EVENT_SUBJECT_PATTERN.test(value);
}

/** Lists what is wrong with a would-be envelope; an empty list means it is valid. */
export function eventEnvelopeProblems(value: unknown): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['envelope must be an object'];
  const e = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof e.id !== 'string' || !UUID_PATTERN.test(e.id)) problems.push('id must be a UUID');
  if (!isEventType(e.type)) problems.push('type must match evt.<context>.<aggregate>.<event>.v<n>');
  if (
    typeof e.occurred_at !== 'string' ||
    !ISO_8601_WITH_OFFSET.test(e.occurred_at) ||
    Number.isNaN(Date.parse(e.occurred_at))
  ) {
    problems.push('occurred_at must be an ISO 8601 timestamp with offset');
  }
  if (typeof e.producer !== 'string' || e.producer.length === 0)
    problems.push('producer must be a non-empty string');
  if (e.actor !== undefined && e.actor !== null) {
    const actor = e.actor as Record<string, unknown>;
    if (typeof actor !== 'object' || typeof actor.user_id !== 'string' || typeof actor.role !== 'string') {
      problems.push('actor must be null or {user_id, role}');
    }
  }
  for (const field of ['request_id', 'traceparent', 'idempotency_key'] as const) {
    if (e[field] !== undefined && e[field] !== null && typeof e[field] !== 'string')
      problems.push(`${field} must be a string or null`);
  }
  if (!('data' in e) || e.data === undefined) problems.push('data is required');
  return problems;
}

export function isEventEnvelope(value: unknown): value is EventEnvelope {
  return eventEnvelopeProblems(value).length === 0;
}
