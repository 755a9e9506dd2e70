/** Domain events auth-audit publishes through its outbox. */
export const AUTH_EVENTS = {
  userRegistered: 'evt.auth.user.registered.v1',
  loginSucceeded: 'evt.auth.session.login_succeeded.v1',
  loginFailed: 'evt.auth.session.login_failed.v1',
  loggedOut: 'evt.auth.session.logged_out.v1',
  sessionRevoked: 'evt.auth.session.revoked.v1',
  refreshReused: 'evt.auth.session.refresh_reused.v1',
  steppedUp: 'evt.auth.session.stepped_up.v1',
  twoFactorFailed: 'evt.auth.session.two_factor_failed.v1',
  twoFactorEnabled: 'evt.auth.user.two_factor_enabled.v1',
  twoFactorDisabled: 'evt.auth.user.two_factor_disabled.v1',
  roleChanged: 'evt.auth.user.role_changed.v1',
} as const;

/** Token claims shared by the issuer (auth-audit) and the verifier (gateway). */
export const ACCESS_TOKEN = {
  issuer: 'slotline-auth',
  audience: 'slotline-api',
  type: 'at+jwt',
  algorithm: 'EdDSA',
} as const;
