import type { PayloadClass } from '../rpc/define-rpc';
import { isEventType } from './event-envelope';

/** One domain event type (`evt.<context>.<aggregate>.<event>.v<n>`) and the class its `data` must satisfy. */
export interface EventContract<T extends object> {
  readonly type: string;
  readonly payload: PayloadClass<T>;
}

const registry = new Map<string, EventContract<object>>();

/**
 * Declares an event type with its payload class (class-validator rules) in the one registry. The outbox
 * writer accepts only registered types; inbox consumers validate `data` against the registered class.
 */
export function defineEvent<T extends object>(type: string, payload: PayloadClass<T>): EventContract<T> {
  if (!isEventType(type))
    throw new Error(`Event type ${JSON.stringify(type)} must match evt.<context>.<aggregate>.<event>.v<n>`);
  if (registry.has(type)) throw new Error(`Event type ${type} is declared twice`);
  const contract: EventContract<T> = Object.freeze({ type, payload });
  registry.set(type, contract as EventContract<object>);
  return contract;
}

export function eventContractOf(type: string): EventContract<object> | undefined {
  return registry.get(type);
}

export function registeredEventTypes(): string[] {
  return [...registry.keys()].sort();
}

export type EventDataOf<C> = C extends EventContract<infer T> ? T : never;
