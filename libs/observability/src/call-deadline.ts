import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * When the caller of the current NATS request stops waiting for the answer (epoch ms; Infinity for
 * a caller that set no deadline). The RPC server sets it per message from the request's deadline
 * header and may bring it forward (a replica that must stop aborts what it cannot finish); the
 * transaction runner reads it, so work whose caller has given up is abandoned before it commits.
 */
export interface CallDeadline {
  at: number;
}

const storage = new AsyncLocalStorage<CallDeadline>();

export function runWithDeadline<T>(deadline: CallDeadline | number | null, fn: () => T): T {
  if (deadline === null) return fn();
  return storage.run(typeof deadline === 'number' ? { at: deadline } : deadline, fn);
}

/** The current call's deadline (epoch ms), or undefined outside a call that carries one. */
export function currentDeadline(): number | undefined {
  const at = storage.getStore()?.at;
  return at === undefined || at === Infinity ? undefined : at;
}

/** Milliseconds left before the current call's deadline: Infinity when it has none, ≤ 0 when passed. */
export function msUntilDeadline(now = Date.now()): number {
  const at = storage.getStore()?.at;
  return at === undefined ? Infinity : at - now;
}
