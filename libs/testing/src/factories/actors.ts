import { Actor, CallMeta, ClientContext, Role } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';

/** An authenticated caller; admins default to a two-factor session, as admin routes require (AUTH-6). */
export function anActor(role: Role = 'customer', overrides: Partial<Actor> = {}): Actor {
  const aal = role === 'admin' || role === 'super_admin' ? 'aal2' : 'aal1';
  return { user_id: uuidv7(), role, session_id: uuidv7(), aal, ...overrides };
}

/** What a service receives beside the payload of a call made by `actor` (null: an anonymous call). */
export function aCallMeta(actor: Actor | null, overrides: Partial<CallMeta> = {}): CallMeta {
  return { actor, request_id: `req-${uuidv7()}`, idempotency_key: null, traceparent: null, ...overrides };
}

/** The call meta of a fresh actor of `role`: for a test that needs a caller, not a particular one. */
export function callAs(role: Role, overrides: Partial<Actor> = {}): CallMeta {
  return aCallMeta(anActor(role, overrides));
}

/** What the gateway adds to auth commands about the HTTP client (a documentation address, RFC 5737). */
export function aClientContext(overrides: Partial<ClientContext> = {}): ClientContext {
  return { ip: '203.0.113.7', user_agent: 'jest', ...overrides };
}
