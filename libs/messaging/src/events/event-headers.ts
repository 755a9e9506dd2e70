/** NATS headers the relay sets on every event besides `Nats-Msg-Id` (= envelope id). */
export const EVENT_HEADERS = {
  traceparent: 'traceparent',
  requestId: 'X-Request-ID',
  eventType: 'Slotline-Event-Type',
} as const;
