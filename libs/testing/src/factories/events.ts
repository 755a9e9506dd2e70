import { EventEnvelope } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';

/** An event as a consumer receives it from the stream: `type` and `data` are what a test varies. */
export function anEventEnvelope<T>(
  type: string,
  data: T,
  overrides: Partial<Omit<EventEnvelope<T>, 'type' | 'data'>> = {},
): EventEnvelope<T> {
  return {
    id: uuidv7(),
    type,
    occurred_at: new Date().toISOString(),
    producer: type.split('.')[1] ?? 'test',
    actor: null,
    request_id: `req-${uuidv7()}`,
    traceparent: null,
    idempotency_key: null,
    data,
    ...overrides,
  };
}
