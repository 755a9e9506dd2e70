import { AUTH_EVENTS } from '@slotline/contracts';
import { Client } from 'pg';
import {
  awayFromStepEdge,
  bearer,
  claimsOf,
  enableTwoFactor,
  Http,
  login,
  outboxEvents,
  PASSWORD,
  signUp,
  totpCode,
  useAuthPlatform,
} from './auth-support';

/** AUTH-6: TOTP enrolment, single-use codes, recovery codes, step-up to aal2 and its enforcement. */
describe('two-factor authentication through the gateway', () => {
  let db: Client;
  let http: Http;

  const stepUp = (access: string, body: object) =>
    http.post('/v1/auth/2fa').set('Authorization', bearer(access)).send(body);

  useAuthPlatform((started) => ({ http, db } = started));

  it('enrols with an otpauth URI and a 160-bit secret that is stored only encrypted', async () => {
    const user = await signUp(http, db);

    const res = await http.post('/v1/me/2fa/enroll').set('Authorization', bearer(user.access)).expect(200);

    expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(res.body.otpauth_uri).toMatch(/^otpauth:\/\/totp\/Slotline:/);
    expect(res.body.otpauth_uri).toContain(`secret=${res.body.secret}`);
    const { rows } = await db.query(
      'SELECT secret_ciphertext, status FROM auth.two_factor WHERE user_id = $1',
      [user.id],
    );
    expect(rows[0].status).toBe('pending');
    expect(rows[0].secret_ciphertext).toMatch(/^v1\./);
    expect(rows[0].secret_ciphertext).not.toContain(res.body.secret);
  });

  it('activates with a valid code, returns ten recovery codes stored hashed, and refuses that code again', async () => {
    const user = await signUp(http, db);
    const enrol = await http.post('/v1/me/2fa/enroll').set('Authorization', bearer(user.access)).expect(200);
    const code = totpCode(enrol.body.secret);
    const wrong = code === '000000' ? '111111' : '000000';

    const bad = await http
      .post('/v1/me/2fa/verify')
      .set('Authorization', bearer(user.access))
      .send({ code: wrong });
    const ok = await http
      .post('/v1/me/2fa/verify')
      .set('Authorization', bearer(user.access))
      .send({ code })
      .expect(200);

    expect([bad.status, bad.body.code]).toEqual([401, 'AUTH_2FA_INVALID']);
    expect(ok.body.enabled).toBe(true);
    expect(ok.body.recovery_codes).toHaveLength(10);
    const { rows } = await db.query('SELECT code_hash FROM auth.recovery_codes WHERE user_id = $1', [
      user.id,
    ]);
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r.code_hash)).not.toContain(ok.body.recovery_codes[0]);
    // The step that activated TOTP is spent: the same code cannot step up.
    const replay = await stepUp(user.access, { code });
    expect([replay.status, replay.body.code]).toEqual([401, 'AUTH_2FA_INVALID']);
    const [enabled] = await outboxEvents(db, AUTH_EVENTS.twoFactorEnabled, user.id);
    expect(JSON.stringify(enabled)).not.toContain(enrol.body.secret);
    expect(
      await outboxEvents(db, AUTH_EVENTS.twoFactorFailed, claimsOf(user.access).sid as string),
    ).toHaveLength(2);
  });

  it('steps the session up to aal2: a new pair, and refreshes keep aal2', async () => {
    const user = await signUp(http, db);
    const { secret } = await enableTwoFactor(http, user);

    const res = await stepUp(user.access, { code: totpCode(secret, 0) }).expect(200);

    expect(res.body.aal).toBe('aal2');
    expect(claimsOf(res.body.access_token)).toMatchObject({ aal: 'aal2', sid: claimsOf(user.access).sid });
    // The refresh token from before the step-up counts as rotated: the new one carries on at aal2.
    const refreshed = await http
      .post('/v1/auth/refresh')
      .send({ refresh_token: res.body.refresh_token })
      .expect(200);
    expect(claimsOf(refreshed.body.access_token).aal).toBe('aal2');
    const sessions = await http
      .get('/v1/me/sessions')
      .set('Authorization', bearer(refreshed.body.access_token))
      .expect(200);
    expect(sessions.body.items[0]).toMatchObject({ aal: 'aal2', current: true });
  });

  it('limits a password-only sign-in of a two-factor account to the step-up, refreshes included', async () => {
    const user = await signUp(http, db);
    const { secret } = await enableTwoFactor(http, user);

    const pending = await login(http, user.email);
    expect(claimsOf(pending.access)).toMatchObject({ aal: 'aal1', mfa: 'pending' });
    const refused = await http.get('/v1/me').set('Authorization', bearer(pending.access)).expect(403);
    expect(refused.body.code).toBe('AUTH_2FA_REQUIRED');
    // Refreshing does not get around it.
    const refreshed = await http
      .post('/v1/auth/refresh')
      .send({ refresh_token: pending.refresh })
      .expect(200);
    expect(refreshed.body).toMatchObject({ aal: 'aal1', mfa_required: true });
    await http.get('/v1/me/sessions').set('Authorization', bearer(refreshed.body.access_token)).expect(403);

    await awayFromStepEdge();
    const upgraded = await stepUp(refreshed.body.access_token, { code: totpCode(secret, 0) }).expect(200);
    expect(upgraded.body).toMatchObject({ aal: 'aal2', mfa_required: false });
    expect(claimsOf(upgraded.body.access_token)).not.toHaveProperty('mfa');
    await http.get('/v1/me').set('Authorization', bearer(upgraded.body.access_token)).expect(200);
  });

  it('accepts each recovery code once', async () => {
    const user = await signUp(http, db);
    const { recoveryCodes } = await enableTwoFactor(http, user);

    const first = await stepUp(user.access, { recovery_code: recoveryCodes[3].toUpperCase() });
    const again = await stepUp(first.body.access_token, { recovery_code: recoveryCodes[3] });

    expect(first.status).toBe(200);
    expect(first.body.aal).toBe('aal2');
    expect([again.status, again.body.code]).toEqual([401, 'AUTH_2FA_INVALID']);
  });

  it('wants exactly one of code and recovery_code, and no unknown fields', async () => {
    const user = await signUp(http, db);

    const both = await stepUp(user.access, { code: '123456', recovery_code: 'aaaa-bbbb-cccc-dddd' });
    const neither = await stepUp(user.access, {});
    const extra = await http
      .post('/v1/me/2fa/verify')
      .set('Authorization', bearer(user.access))
      .send({ code: '123456', role: 'admin' });

    expect([both.status, both.body.code]).toEqual([400, 'VAL_FAILED']);
    expect([neither.status, neither.body.code]).toEqual([400, 'VAL_FAILED']);
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([expect.objectContaining({ field: 'role', code: 'unknown_field' })]);
  });

  it('disables only with a current code, and then step-up is no longer possible', async () => {
    const user = await signUp(http, db);
    const { secret } = await enableTwoFactor(http, user);
    const used = totpCode(secret, -1);

    const refused = await http
      .delete('/v1/me/2fa')
      .set('Authorization', bearer(user.access))
      .send({ code: used });
    await http
      .delete('/v1/me/2fa')
      .set('Authorization', bearer(user.access))
      .send({ code: totpCode(secret, 0) })
      .expect(204);

    expect([refused.status, refused.body.code]).toEqual([401, 'AUTH_2FA_INVALID']);
    const after = await stepUp(user.access, { code: totpCode(secret, 1) });
    expect([after.status, after.body.code]).toEqual([422, 'BR_2FA_NOT_ENROLLED']);
    expect(await outboxEvents(db, AUTH_EVENTS.twoFactorDisabled, user.id)).toHaveLength(1);
  });

  it('pauses a user’s code attempts after five failures, even for a right code', async () => {
    const user = await signUp(http, db);
    const { secret } = await enableTwoFactor(http, user);
    const right = totpCode(secret, 0);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await stepUp(user.access, { code: wrong })).status).toBe(401);

    const res = await stepUp(user.access, { code: right });

    expect([res.status, res.body.code]).toEqual([429, 'RATE_LOGIN_THROTTLED']);
    expect(res.body.details.retry_after_seconds).toBeGreaterThan(0);
  });

  it('counts parallel guesses one by one: a burst of 12 gets at most five tries', async () => {
    const user = await signUp(http, db);
    const { secret } = await enableTwoFactor(http, user);
    const wrong = totpCode(secret, 0) === '000000' ? '111111' : '000000';

    const statuses = (
      await Promise.all(Array.from({ length: 12 }, () => stepUp(user.access, { code: wrong })))
    ).map((r) => r.status);

    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('refuses to enrol twice while active', async () => {
    const user = await signUp(http, db);
    await enableTwoFactor(http, user);

    const res = await http.post('/v1/me/2fa/enroll').set('Authorization', bearer(user.access));

    expect([res.status, res.body.code]).toEqual([409, 'CF_2FA_ALREADY_ENABLED']);
  });

  it('with AUTH_REQUIRE_ADMIN_2FA on, lets an admin use admin routes only after the TOTP step', async () => {
    const admin = await signUp(http, db, 'admin');
    const target = await signUp(http, db);
    const path = `/v1/admin/users/${target.id}/sessions`;
    const { secret } = await enableTwoFactor(http, admin);

    const before = await http.get(path).set('Authorization', bearer(admin.access));
    await awayFromStepEdge();
    const upgraded = await stepUp(admin.access, { code: totpCode(secret, 0) }).expect(200);
    const after = await http.get(path).set('Authorization', bearer(upgraded.body.access_token));

    expect([before.status, before.body.code]).toEqual([403, 'AUTH_2FA_REQUIRED']);
    expect(claimsOf(upgraded.body.access_token)).toMatchObject({ role: 'admin', aal: 'aal2' });
    expect(after.status).toBe(200);
  });

  it('tells a first-time admin to enrol at login and in the 403, and the steps it names lead in', async () => {
    const admin = await signUp(http, db, 'admin');
    const first = await http
      .post('/v1/auth/login')
      .send({ email: admin.email, password: PASSWORD })
      .expect(200);
    const path = `/v1/admin/users/${admin.id}/sessions`;

    const refused = await http.get(path).set('Authorization', bearer(first.body.access_token));

    expect(first.body).toMatchObject({ mfa_required: false, two_factor_enrollment_required: true });
    expect([refused.status, refused.body.code]).toEqual([403, 'AUTH_2FA_REQUIRED']);
    const named = ['/v1/me/2fa/enroll', '/v1/me/2fa/verify', '/v1/auth/2fa'].map((route) =>
      refused.body.message.indexOf(route),
    );
    expect(named.every((at: number) => at >= 0)).toBe(true);
    expect([...named].sort((a, b) => a - b)).toEqual(named);

    // Following the steps in the order named opens the admin route.
    const { secret } = await enableTwoFactor(http, { ...admin, access: first.body.access_token });
    const upgraded = await stepUp(first.body.access_token, { code: totpCode(secret, 0) }).expect(200);
    await http.get(path).set('Authorization', bearer(upgraded.body.access_token)).expect(200);
    const again = await http
      .post('/v1/auth/login')
      .send({ email: admin.email, password: PASSWORD })
      .expect(200);
    expect(again.body).toMatchObject({ mfa_required: true, two_factor_enrollment_required: false });
  });

  it('never asks a customer to enrol', async () => {
    const customer = await signUp(http, db);
    const res = await http
      .post('/v1/auth/login')
      .send({ email: customer.email, password: PASSWORD })
      .expect(200);
    expect(res.body.two_factor_enrollment_required).toBe(false);
  });
});
