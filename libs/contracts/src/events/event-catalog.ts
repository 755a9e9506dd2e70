import type { AUDIT_EVENT_CONTRACTS } from '../audit/audit.events';
import type { ACCOUNT_EVENTS } from '../auth/account.events';
import type { AUTH_EVENT_CONTRACTS } from '../auth/auth.events';
import type { PAYOUT_EVENTS } from '../payouts/payout.events';
import type { REMINDER_EVENTS } from '../scheduling/reminder.events';
import type { SCHEDULING_EVENT_CONTRACTS } from '../scheduling/scheduling.events';
import type { WEBHOOK_EVENTS } from '../webhooks/webhook.events';
import type { EventEnvelope } from './event-envelope';
import type { EventDataOf } from './event-registry';

type ValuesOf<T> = T[keyof T];

/** Every declared event contract. A new `defineEvent` group is added here to be typed at the outbox. */
type AnyEventContract =
  | ValuesOf<typeof ACCOUNT_EVENTS>
  | ValuesOf<typeof AUDIT_EVENT_CONTRACTS>
  | ValuesOf<typeof AUTH_EVENT_CONTRACTS>
  | ValuesOf<typeof PAYOUT_EVENTS>
  | ValuesOf<typeof REMINDER_EVENTS>
  | ValuesOf<typeof SCHEDULING_EVENT_CONTRACTS>
  | ValuesOf<typeof WEBHOOK_EVENTS>;

export type RegisteredEventType = AnyEventContract['type'];

/** Event type → the type of its `data`. */
export type RegisteredEventMap = {
  [K in RegisteredEventType]: EventDataOf<Extract<AnyEventContract, { type: K }>>;
};

export type EventDataFor<K extends RegisteredEventType> = RegisteredEventMap[K];

/** An envelope whose `data` has been validated against the class of its `type`. */
export type TypedEventEnvelope<K extends RegisteredEventType = RegisteredEventType> = {
  [P in K]: EventEnvelope<RegisteredEventMap[P]> & { type: P };
}[K];
