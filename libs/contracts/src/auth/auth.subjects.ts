/** Commands and queries answered by auth-audit (NATS request/reply). */
export const AUTH_SUBJECTS = {
  register: 'auth.register',
  login: 'auth.login',
  me: 'auth.me',
  jwks: 'auth.jwks',
} as const;

/** Domain events auth-audit publishes through its outbox. */
export const AUTH_EVENTS = {
  userRegistered: 'evt.auth.user.registered.v1',
  loginSucceeded: 'evt.auth.session.login_succeeded.v1',
  loginFailed: 'evt.auth.session.login_failed.v1',
} as const;

/** Token claims shared by the issuer (auth-audit) and the verifier (gateway). */
export const ACCESS_TOKEN = {
  issuer: 'slotline-auth',
  audience: 'slotline-api',
  type: 'at+jwt',
  algorithm: 'EdDSA',
} as const;
