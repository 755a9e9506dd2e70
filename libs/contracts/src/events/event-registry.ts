import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { PayloadClass } from '../rpc/define-rpc';
import { isEventType } from './event-envelope';
import { passesEveryRule } from './payload-rules';

/** One domain event type (`evt.<context>.<aggregate>.<event>.v<n>`) and the class its `data` must satisfy. */
export interface EventContract<T extends object, K extends string = string> {
  readonly type: K;
  readonly payload: PayloadClass<T>;
}

const registry = new Map<string, EventContract<object>>();

/**
 * Declares an event type with its payload class (class-validator rules) in the one registry. The outbox
 * writer accepts only registered types; inbox consumers validate `data` against the registered class.
 */
export function defineEvent<K extends string, T extends object>(
  type: K,
  payload: PayloadClass<T>,
): EventContract<T, K> {
  if (!isEventType(type))
    throw new Error(`Event type ${JSON.stringify(type)} must match evt.<context>.<aggregate>.<event>.v<n>`);
  if (registry.has(type)) throw new Error(`Event type ${type} is declared twice`);
  const contract: EventContract<T, K> = Object.freeze({ type, payload });
  registry.set(type, contract as EventContract<object>);
  return contract;
}

export function eventContractOf(type: string): EventContract<object> | undefined {
  return registry.get(type);
}

export function registeredEventTypes(): string[] {
  return [...registry.keys()].sort();
}

export type EventDataOf<C> = C extends EventContract<infer T, string> ? T : never;

/**
 * What is wrong with an event's `data` for its type: `unknown_type` when nothing declared the type,
 * else one `field: constraint` line per failed rule (values are never echoed: data may hold an email).
 * Only declared fields are checked; extra fields pass, so a producer may add a field before consumers
 * learn it (adding one is a compatible change; removing or retyping one needs a new version).
 */
export function eventDataProblems(type: string, data: unknown): { unknownType: boolean; problems: string[] } {
  const contract = registry.get(type);
  if (!contract) return { unknownType: true, problems: [`event type ${type} is not registered`] };
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return { unknownType: false, problems: ['data must be an object'] };
  // Every producer checks its events before the outbox and every consumer again on receipt: the
  // common answer (no problem) is found without class-transformer's copy and class-validator's walk.
  if (passesEveryRule(contract.payload, data as Record<string, unknown>))
    return { unknownType: false, problems: [] };
  const errors = validateSync(plainToInstance(contract.payload as new () => object, data), {
    validationError: { target: false, value: false },
  });
  return { unknownType: false, problems: flatten(errors) };
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.keys(e.constraints ?? {}).map((rule) => `${field}: ${rule}`);
    return [...own, ...flatten(e.children ?? [], field)];
  });
}
