import { AUTH_EVENTS } from '@slotline/contracts';
import { SecretBox } from '@slotline/persistence';
import { aClientContext, substitute } from '@slotline/testing';
import { randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import { FailureThrottle } from '../accounts/failure-throttle';
import { AuthFakes } from '../testing/auth-fakes';
import { SigningKeys } from '../tokens/signing-keys';
import { hashOpaqueToken, TokenIssuer } from '../tokens/token-issuer';
import { Totp, TOTP_STEP_SECONDS } from './totp';
import { TwoFactorService } from './two-factor.service';

describe(TwoFactorService.name, () => {
  const MAX_FAILURES = 3;
  let keys: SigningKeys;
  let fakes: AuthFakes;
  let now: number;
  let sut: TwoFactorService;

  beforeAll(async () => {
    keys = await SigningKeys.generate();
  });

  beforeEach(() => {
    fakes = new AuthFakes();
    now = Date.UTC(2026, 11, 3, 12, 0, 15);
    sut = new TwoFactorService({
      repo: substitute(fakes.twoFactor),
      accounts: substitute(fakes.accounts),
      sessions: substitute(fakes.sessions),
      actors: fakes.actors,
      tx: fakes.tx.runner,
      outbox: fakes.outbox.writer,
      issuer: new TokenIssuer(keys, 900),
      totp: new Totp('Slotline', () => now),
      box: new SecretBox(randomBytes(32)),
      failures: new FailureThrottle(substitute(fakes.accounts), 900),
      maxFailures: MAX_FAILURES,
      refreshTtlSeconds: 86_400,
    });
  });

  const codeFor = (secret: string, at = now) => authenticator.clone({ epoch: at }).generate(secret);
  const nextStep = () => (now += TOTP_STEP_SECONDS * 1000);
  const enrolmentOf = (userId: string) => fakes.twoFactor.enrolments.get(userId);

  /** A customer who enrolled; `active` also verified the first code. */
  async function enrolled(active = true) {
    const me = fakes.signedIn('customer');
    const { secret, otpauth_uri } = await sut.enroll(aClientContext(), me.meta);
    const recoveryCodes = active
      ? (await sut.verify({ ...aClientContext(), code: codeFor(secret) }, me.meta)).recovery_codes
      : [];
    if (active) nextStep();
    return { ...me, secret, otpauth_uri, recoveryCodes };
  }

  it('enrols with a secret for the account’s email, stored only sealed and pending', async () => {
    const me = await enrolled(false);

    expect(me.otpauth_uri).toContain(encodeURIComponent(me.user.email));
    expect(enrolmentOf(me.user.id)).toMatchObject({ status: 'pending' });
    expect(enrolmentOf(me.user.id)!.secretCiphertext).not.toContain(me.secret);
  });

  it('activates on the first right code with ten recovery codes, and refuses to enrol again', async () => {
    const me = await enrolled();

    expect(me.recoveryCodes).toHaveLength(10);
    expect(enrolmentOf(me.user.id)).toMatchObject({ status: 'active' });
    expect(fakes.outbox.types()).toEqual([AUTH_EVENTS.twoFactorEnabled]);
    await expect(sut.enroll(aClientContext(), me.meta)).rejects.toMatchObject({
      code: 'CF_2FA_ALREADY_ENABLED',
    });
  });

  it('refuses a wrong code, and the failed attempt still counts', async () => {
    const me = await enrolled(false);

    await expect(sut.verify({ ...aClientContext(), code: '000000' }, me.meta)).rejects.toMatchObject({
      code: 'AUTH_2FA_INVALID',
    });

    expect(enrolmentOf(me.user.id)).toMatchObject({ status: 'pending' });
    expect(fakes.accounts.failures.all()).toHaveLength(1);
    expect(fakes.outbox.types()).toEqual([AUTH_EVENTS.twoFactorFailed]);
  });

  it('has nothing to verify without a pending enrolment', async () => {
    const me = fakes.signedIn('customer');

    await expect(sut.verify({ ...aClientContext(), code: '123456' }, me.meta)).rejects.toMatchObject({
      code: 'BR_2FA_NOT_ENROLLED',
    });
  });

  it('steps the session up to aal2 with a fresh refresh token, retiring the old ones', async () => {
    const me = await enrolled();
    const oldTokens = fakes.sessions.tokens.all().map((t) => t.id);

    const pair = await sut.stepUp({ ...aClientContext(), code: codeFor(me.secret) }, me.meta);

    expect(pair.aal).toBe('aal2');
    expect(fakes.sessions.sessions.get(me.session.id)).toMatchObject({ aal: 'aal2' });
    expect(
      fakes.sessions.tokens.all((t) => t.tokenHash === hashOpaqueToken(pair.refresh_token)),
    ).toHaveLength(1);
    expect(fakes.sessions.tokens.all((t) => oldTokens.includes(t.id) && !t.usedAt)).toEqual([]);
  });

  it('never accepts a step twice: the code of the step just used is refused', async () => {
    const me = await enrolled();
    const code = codeFor(me.secret);
    await sut.stepUp({ ...aClientContext(), code }, me.meta);

    await expect(sut.stepUp({ ...aClientContext(), code }, me.meta)).rejects.toMatchObject({
      code: 'AUTH_2FA_INVALID',
    });
  });

  it('accepts each recovery code once, in any case and without dashes', async () => {
    const me = await enrolled();
    const recovery = me.recoveryCodes[0].toUpperCase().replace(/-/g, '');

    await sut.stepUp({ ...aClientContext(), recovery_code: recovery }, me.meta);

    await expect(
      sut.stepUp({ ...aClientContext(), recovery_code: me.recoveryCodes[0] }, me.meta),
    ).rejects.toMatchObject({ code: 'AUTH_2FA_INVALID' });
  });

  it('wants exactly one of code and recovery_code', async () => {
    const me = await enrolled();

    await expect(
      sut.stepUp(
        { ...aClientContext(), code: codeFor(me.secret), recovery_code: me.recoveryCodes[0] },
        me.meta,
      ),
    ).rejects.toMatchObject({ code: 'VAL_FAILED' });
    await expect(sut.disable(aClientContext(), me.meta)).rejects.toMatchObject({ code: 'VAL_FAILED' });
  });

  it('pauses the user’s attempts after the limit of failures, even for a right code', async () => {
    const me = await enrolled();
    for (let i = 0; i < MAX_FAILURES; i++)
      await expect(sut.stepUp({ ...aClientContext(), code: '000000' }, me.meta)).rejects.toMatchObject({
        code: 'AUTH_2FA_INVALID',
      });

    await expect(
      sut.stepUp({ ...aClientContext(), code: codeFor(me.secret) }, me.meta),
    ).rejects.toMatchObject({ code: 'RATE_LOGIN_THROTTLED' });
    expect(fakes.sessions.sessions.get(me.session.id)).toMatchObject({ aal: 'aal1' });
  });

  it('disables with a current code, removing the enrolment and its recovery codes', async () => {
    const me = await enrolled();

    await sut.disable({ ...aClientContext(), code: codeFor(me.secret) }, me.meta);

    expect(enrolmentOf(me.user.id)).toBeNull();
    expect(fakes.twoFactor.recoveryCodes.all()).toEqual([]);
    expect(fakes.outbox.types()).toContain(AUTH_EVENTS.twoFactorDisabled);
    await expect(
      sut.stepUp({ ...aClientContext(), code: codeFor(me.secret) }, me.meta),
    ).rejects.toMatchObject({ code: 'BR_2FA_NOT_ENROLLED' });
  });

  it('refuses a signed-out session before looking at any code', async () => {
    const me = await enrolled();
    fakes.sessions.sessions.update(me.session.id, { revokedAt: new Date(), revokedReason: 'logout' });

    await expect(
      sut.stepUp({ ...aClientContext(), code: codeFor(me.secret) }, me.meta),
    ).rejects.toMatchObject({ code: 'AUTH_SESSION_REVOKED' });
  });
});
