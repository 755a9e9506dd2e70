import { ACCOUNT_EVENTS, AUTH_EVENTS, LoginCommand } from '@slotline/contracts';
import { aCallMeta, aClientContext, callAs, substitute, uniqueEmail } from '@slotline/testing';
import { AuthFakes } from '../testing/auth-fakes';
import { SigningKeys } from '../tokens/signing-keys';
import { hashOpaqueToken, TokenIssuer } from '../tokens/token-issuer';
import { AccountsService } from './accounts.service';
import { FailureThrottle } from './failure-throttle';
import { PasswordHasher } from './password-hasher';

describe(AccountsService.name, () => {
  const PASSWORD = 'a long enough passphrase';
  const MAX_PER_ACCOUNT = 3;
  // The cheapest argon2id the library accepts: the spec is about decisions, not hashing cost.
  const hasher = new PasswordHasher({ memoryKib: 1024, iterations: 1 });
  let keys: SigningKeys;
  let fakes: AuthFakes;
  let sut: AccountsService;

  beforeAll(async () => {
    keys = await SigningKeys.generate();
  });

  function build(requireAdmin2fa = false) {
    fakes = new AuthFakes();
    sut = new AccountsService({
      repo: substitute(fakes.accounts),
      sessions: substitute(fakes.sessions),
      tx: fakes.tx.runner,
      outbox: fakes.outbox.writer,
      hasher,
      issuer: new TokenIssuer(keys, 900),
      failures: new FailureThrottle(substitute(fakes.accounts), 900),
      throttle: { maxPerAccount: MAX_PER_ACCOUNT, maxPerIp: 100 },
      refreshTtlSeconds: 86_400,
      requireAdmin2fa,
    });
  }

  beforeEach(() => build());

  const register = (email: string, password = PASSWORD, role?: 'provider') =>
    sut.register({ email, password, ...(role ? { role } : {}) }, aCallMeta(null));
  const login = (email: string, password = PASSWORD, client = aClientContext()) =>
    sut.login({ ...client, email, password } as LoginCommand, aCallMeta(null));
  const userBy = (email: string) => fakes.accounts.users.all((u) => u.email === email)[0];

  it('registers an address lower-cased with a password hash, and announces the account', async () => {
    const email = uniqueEmail();

    await register(`  ${email.toUpperCase()} `, PASSWORD, 'provider');

    const user = userBy(email);
    expect(user).toMatchObject({ role: 'provider' });
    expect(user.passwordHash).not.toContain(PASSWORD);
    expect(fakes.outbox.types()).toEqual([AUTH_EVENTS.userRegistered, ACCOUNT_EVENTS.created.type]);
  });

  it('answers a second registration of an address the same way, changing nothing', async () => {
    const email = uniqueEmail();
    const first = await register(email);

    expect(await register(email, 'another long passphrase')).toEqual(first);
    expect(fakes.accounts.users.all()).toHaveLength(1);
    expect(fakes.outbox.types()).toHaveLength(2);
  });

  it('refuses a password against the policy, storing nothing', async () => {
    const email = uniqueEmail();

    await expect(register(email, 'aaaaaaaaaaaaaaaa')).rejects.toMatchObject({
      code: 'VAL_FAILED',
      errors: [expect.objectContaining({ code: 'password_low_variety' })],
    });
    await expect(register(email, `${email.split('@')[0]}-and-more`)).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'password_contains_email' })],
    });
    expect(fakes.accounts.users.all()).toEqual([]);
  });

  it('signs in with the right password: an aal1 pair whose refresh token opens a new session', async () => {
    const email = uniqueEmail();
    await register(email);

    const pair = await login(email.toUpperCase(), PASSWORD, aClientContext({ user_agent: 'laptop' }));

    expect(pair).toMatchObject({ aal: 'aal1', two_factor_enrollment_required: false });
    const [session] = fakes.sessions.sessions.all();
    expect(session).toMatchObject({ userId: userBy(email).id, userAgent: 'laptop', revokedAt: null });
    expect(fakes.sessions.tokens.all()).toEqual([
      expect.objectContaining({ sessionId: session.id, tokenHash: hashOpaqueToken(pair.refresh_token) }),
    ]);
    expect(fakes.outbox.types()).toContain(AUTH_EVENTS.loginSucceeded);
  });

  it('says the same for a wrong password and an unknown address, and counts both', async () => {
    const email = uniqueEmail();
    await register(email);

    await expect(login(email, 'a wrong long passphrase')).rejects.toMatchObject({
      code: 'AUTH_INVALID_CREDENTIALS',
    });
    await expect(login(uniqueEmail())).rejects.toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });

    expect(fakes.sessions.sessions.all()).toEqual([]);
    expect(fakes.outbox.dataOf(AUTH_EVENTS.loginFailed)).toEqual([
      expect.objectContaining({ reason: 'invalid_password' }),
      expect.objectContaining({ reason: 'unknown_account' }),
    ]);
    expect(fakes.accounts.failures.all()).toHaveLength(4);
  });

  it('pauses an account after its limit of failures, even for the right password', async () => {
    const email = uniqueEmail();
    await register(email);
    for (let i = 0; i < MAX_PER_ACCOUNT; i++)
      await expect(login(email, 'a wrong long passphrase')).rejects.toMatchObject({
        code: 'AUTH_INVALID_CREDENTIALS',
      });

    await expect(login(email)).rejects.toMatchObject({ code: 'RATE_LOGIN_THROTTLED' });
  });

  it('forgets past failures of an account once it signs in', async () => {
    const email = uniqueEmail();
    await register(email);
    for (let i = 0; i < MAX_PER_ACCOUNT - 1; i++)
      await expect(login(email, 'a wrong long passphrase')).rejects.toThrow();

    await login(email);

    expect(fakes.accounts.failures.all((f) => f.scope === 'account')).toEqual([]);
  });

  it('sends a new-device notice for a further device, not for the first sign-in or the same one', async () => {
    const email = uniqueEmail();
    await register(email);

    await login(email, PASSWORD, aClientContext({ user_agent: 'laptop' }));
    await login(email, PASSWORD, aClientContext({ user_agent: 'laptop' }));
    await login(email, PASSWORD, aClientContext({ user_agent: 'phone' }));

    expect(fakes.outbox.dataOf(ACCOUNT_EVENTS.newDeviceSignIn.type)).toEqual([
      expect.objectContaining({ user_agent: 'phone' }),
    ]);
  });

  it('tells an admin without two-factor to enrol when admin two-factor is required', async () => {
    build(true);
    const email = uniqueEmail();
    await register(email);
    fakes.accounts.users.update(userBy(email).id, { role: 'admin' });

    expect(await login(email)).toMatchObject({ two_factor_enrollment_required: true });
    fakes.accounts.twoFactorOn.add(userBy(email).id);
    expect(await login(email)).toMatchObject({ two_factor_enrollment_required: false });
  });

  it('shows the signed-in user their profile, without secrets', async () => {
    const me = fakes.signedIn('provider');

    const profile = await sut.me(me.meta);

    expect(profile).toEqual({
      id: me.user.id,
      email: me.user.email,
      role: 'provider',
      created_at: me.user.createdAt.toISOString(),
      phone: null,
      time_zone: 'UTC',
      locale: 'en',
    });
  });

  it('has no profile for an anonymous call or an account that is gone', async () => {
    await expect(sut.me(aCallMeta(null))).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
    await expect(sut.me(callAs('customer'))).rejects.toMatchObject({ code: 'NF_USER' });
  });
});
