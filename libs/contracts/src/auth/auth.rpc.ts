import type { Page } from '../pagination/page';
import { defineRpc } from '../rpc/define-rpc';
import { Jwks, LoginCommand, RegisterRequest, RegisterResult, TokenPair, UserProfile } from './auth.payloads';
import { ClientContext } from './client-context';
import { ChangeRoleCommand, UserRoleView } from './role.payloads';
import {
  AdminListSessionsQuery,
  AdminRevokeSessionCommand,
  ListSessionsQuery,
  RefreshCommand,
  RevokeSessionCommand,
  RevokeSessionsResult,
  SessionView,
} from './session.payloads';
import {
  TwoFactorActivated,
  TwoFactorEnrollment,
  TwoFactorProofCommand,
  TwoFactorVerifyCommand,
} from './two-factor.payloads';

const SECOND_FACTOR_ERRORS = ['AUTH_2FA_INVALID', 'BR_2FA_NOT_ENROLLED'] as const;

/**
 * Commands and queries answered by auth-audit (NATS request/reply). Replies are `null` where HTTP
 * answers 204: Nest's NATS transport needs a value to reply with.
 */
export const AUTH_RPC = {
  register: defineRpc<RegisterRequest, RegisterResult>('auth.register', { request: RegisterRequest }),
  login: defineRpc<LoginCommand, TokenPair>('auth.login', {
    request: LoginCommand,
    errors: ['AUTH_INVALID_CREDENTIALS', 'RATE_LOGIN_THROTTLED'],
  }),
  me: defineRpc<Record<string, never>, UserProfile>('auth.me', { errors: ['NF_USER'] }),
  jwks: defineRpc<Record<string, never>, Jwks>('auth.jwks'),
  refresh: defineRpc<RefreshCommand, TokenPair>('auth.refresh', {
    request: RefreshCommand,
    errors: ['AUTH_REFRESH_INVALID', 'AUTH_REFRESH_REUSED', 'AUTH_SESSION_REVOKED'],
  }),
  logout: defineRpc<ClientContext, null>('auth.logout', { request: ClientContext }),

  sessionsList: defineRpc<ListSessionsQuery, Page<SessionView>>('auth.sessions.list', {
    request: ListSessionsQuery,
    errors: ['VAL_CURSOR'],
  }),
  sessionsRevoke: defineRpc<RevokeSessionCommand, null>('auth.sessions.revoke', {
    request: RevokeSessionCommand,
    errors: ['NF_SESSION'],
  }),
  sessionsRevokeOthers: defineRpc<ClientContext, RevokeSessionsResult>('auth.sessions.revoke_others', {
    request: ClientContext,
  }),
  adminSessionsList: defineRpc<AdminListSessionsQuery, Page<SessionView>>('auth.admin.sessions.list', {
    request: AdminListSessionsQuery,
    errors: ['VAL_CURSOR'],
  }),
  adminSessionsRevoke: defineRpc<AdminRevokeSessionCommand, null>('auth.admin.sessions.revoke', {
    request: AdminRevokeSessionCommand,
    errors: ['NF_SESSION'],
  }),

  twoFactorEnroll: defineRpc<ClientContext, TwoFactorEnrollment>('auth.two_factor.enroll', {
    request: ClientContext,
    errors: ['CF_2FA_ALREADY_ENABLED'],
  }),
  twoFactorVerify: defineRpc<TwoFactorVerifyCommand, TwoFactorActivated>('auth.two_factor.verify', {
    request: TwoFactorVerifyCommand,
    errors: SECOND_FACTOR_ERRORS,
  }),
  twoFactorStepUp: defineRpc<TwoFactorProofCommand, TokenPair>('auth.two_factor.step_up', {
    request: TwoFactorProofCommand,
    errors: [...SECOND_FACTOR_ERRORS, 'AUTH_SESSION_REVOKED'],
  }),
  twoFactorDisable: defineRpc<TwoFactorProofCommand, null>('auth.two_factor.disable', {
    request: TwoFactorProofCommand,
    errors: SECOND_FACTOR_ERRORS,
  }),

  roleChange: defineRpc<ChangeRoleCommand, UserRoleView>('auth.users.role.change', {
    request: ChangeRoleCommand,
    errors: ['NF_USER', 'BR_SELF_ROLE_CHANGE'],
  }),
} as const;
