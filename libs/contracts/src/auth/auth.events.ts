import { Role } from '../rpc/rpc-headers';

export type AuthEventOutcome = 'success' | 'failure';

/**
 * The `data` of every security event auth-audit emits (AUTH_EVENTS except user.registered), shaped
 * for the audit log (AUTH-7). It never holds an email, password, token, TOTP code or secret.
 */
export interface AuthSecurityEventData {
  /** Who acted; null when nobody is authenticated (a failed sign-in, a replayed refresh token). */
  actor_id: string | null;
  actor_role: Role | null;
  /** The account the event is about (the actor for self-service actions). */
  user_id: string | null;
  resource_type: 'user' | 'session';
  resource_id: string | null;
  outcome: AuthEventOutcome;
  ip: string | null;
  user_agent: string | null;
  /** Why, in a few machine-readable words: `logout`, `refresh_reuse`, `invalid_credentials`… */
  reason?: string;
  /** Event-specific facts (old/new role, how many sessions…); scalars only. */
  metadata?: Record<string, string | number | boolean | null>;
}
