import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineEvent } from '../events/event-registry';
import { ROLES, Role } from '../rpc/rpc-headers';
import { AUTH_EVENTS } from './auth.subjects';

export const AUTH_EVENT_OUTCOMES = ['success', 'failure'] as const;
export type AuthEventOutcome = (typeof AUTH_EVENT_OUTCOMES)[number];

/**
 * The `data` of every security event auth-audit emits (AUTH_EVENTS except user.registered), shaped
 * for the audit log (AUTH-7). It never holds an email, password, token, TOTP code or secret.
 */
export class AuthSecurityEventData {
  /** Who acted; null when nobody is authenticated (a failed sign-in, a replayed refresh token). */
  @IsOptional()
  @IsUUID('all')
  actor_id: string | null;

  @IsOptional()
  @IsIn(ROLES)
  actor_role: Role | null;

  /** The account the event is about (the actor for self-service actions). */
  @IsOptional()
  @IsUUID('all')
  user_id: string | null;

  @IsIn(['user', 'session'])
  resource_type: 'user' | 'session';

  @IsOptional()
  @IsUUID('all')
  resource_id: string | null;

  @IsIn(AUTH_EVENT_OUTCOMES)
  outcome: AuthEventOutcome;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  ip: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  user_agent: string | null;

  /** Why, in a few machine-readable words: `logout`, `refresh_reuse`, `invalid_credentials`… */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reason?: string;

  /** Event-specific facts (old/new role, how many sessions…); scalars only. */
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string | number | boolean | null>;
}

/** The `data` of evt.auth.user.registered.v1 (the contact record follows in evt.auth.account.created.v1). */
export class UserRegisteredData {
  @IsUUID('all')
  user_id: string;

  @IsIn(ROLES)
  role: Role;
}

const A = AUTH_EVENTS;

export const AUTH_EVENT_CONTRACTS = {
  userRegistered: defineEvent(A.userRegistered, UserRegisteredData),
  loginSucceeded: defineEvent(A.loginSucceeded, AuthSecurityEventData),
  loginFailed: defineEvent(A.loginFailed, AuthSecurityEventData),
  loggedOut: defineEvent(A.loggedOut, AuthSecurityEventData),
  sessionRevoked: defineEvent(A.sessionRevoked, AuthSecurityEventData),
  refreshReused: defineEvent(A.refreshReused, AuthSecurityEventData),
  steppedUp: defineEvent(A.steppedUp, AuthSecurityEventData),
  twoFactorFailed: defineEvent(A.twoFactorFailed, AuthSecurityEventData),
  twoFactorEnabled: defineEvent(A.twoFactorEnabled, AuthSecurityEventData),
  twoFactorDisabled: defineEvent(A.twoFactorDisabled, AuthSecurityEventData),
  roleChanged: defineEvent(A.roleChanged, AuthSecurityEventData),
} as const;

/** The types whose data is AuthSecurityEventData. */
export type AuthSecurityEventType = Exclude<
  (typeof AUTH_EVENTS)[keyof typeof AUTH_EVENTS],
  typeof A.userRegistered
>;
