import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of one request (HTTP or NATS message) carries. Never an email. */
export interface RequestContext {
  request_id?: string;
  user_id?: string;
  role?: string;
  session_id?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with its own copy of `ctx`, visible to everything it awaits. */
export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run({ ...ctx }, fn);
}

export function getRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Mutates the current store (e.g. authentication sets user_id); a no-op outside `runWithContext`. */
export function setContextValue<K extends keyof RequestContext>(key: K, value: RequestContext[K]): void {
  const store = storage.getStore();
  if (store) store[key] = value;
}
