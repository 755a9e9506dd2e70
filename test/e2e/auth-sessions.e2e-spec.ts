import { AUTH_EVENTS } from '@slotline/contracts';
import { Client } from 'pg';
import {
  bearer,
  claimsOf,
  Http,
  login,
  outboxEvents,
  signUp,
  signUpAal2,
  useAuthPlatform,
} from './auth-support';

/** AUTH-5: users list and revoke their sessions; admins list and revoke a user's. */
describe('sessions through the gateway', () => {
  let db: Client;
  let http: Http;

  const refresh = (token: string) => http.post('/v1/auth/refresh').send({ refresh_token: token });
  const sessionsOf = (access: string) => http.get('/v1/me/sessions').set('Authorization', bearer(access));

  useAuthPlatform((started) => ({ http, db } = started));

  it('lists the caller’s sessions with device, IP, times and which one is current', async () => {
    const user = await signUp(http, db);
    const phone = await login(http, user.email, 'phone-app/3.1');

    const res = await sessionsOf(user.access).expect(200);

    expect(res.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(res.body.items).toHaveLength(2);
    const current = res.body.items.find((s: { current: boolean }) => s.current);
    const other = res.body.items.find((s: { current: boolean }) => !s.current);
    expect(current).toMatchObject({ id: claimsOf(user.access).sid, user_agent: 'e2e-agent/1', aal: 'aal1' });
    expect(other).toMatchObject({ id: claimsOf(phone.access).sid, user_agent: 'phone-app/3.1' });
    expect(other.ip).toEqual(expect.any(String));
    expect(Date.parse(other.created_at)).not.toBeNaN();
    expect(Date.parse(other.last_used_at)).not.toBeNaN();
  });

  it('pages with an opaque cursor and refuses a forged one', async () => {
    const user = await signUp(http, db);
    await login(http, user.email);
    await login(http, user.email);

    const first = await sessionsOf(user.access).query({ limit: 2 }).expect(200);
    const second = await sessionsOf(user.access)
      .query({ limit: 2, cursor: first.body.next_cursor })
      .expect(200);

    expect(first.body).toMatchObject({ has_more: true });
    expect(second.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(second.body.items).toHaveLength(1);
    expect((await sessionsOf(user.access).query({ cursor: 'garbage' })).body.code).toBe('VAL_CURSOR');
  });

  it('revokes one session: its refresh token stops at once, and it leaves the list', async () => {
    const user = await signUp(http, db);
    const laptop = await login(http, user.email);
    const laptopSid = claimsOf(laptop.access).sid as string;

    await http.delete(`/v1/me/sessions/${laptopSid}`).set('Authorization', bearer(user.access)).expect(204);

    expect((await refresh(laptop.refresh)).body.code).toBe('AUTH_SESSION_REVOKED');
    const ids = (await sessionsOf(user.access).expect(200)).body.items.map((s: { id: string }) => s.id);
    expect(ids).toEqual([claimsOf(user.access).sid]);
    const [event] = await outboxEvents(db, AUTH_EVENTS.sessionRevoked, laptopSid);
    expect(event).toMatchObject({
      actor: { user_id: user.id, role: 'customer' },
      data: { reason: 'user_revoked', outcome: 'success' },
    });
  });

  it('answers 404 for another user’s session and leaves it alone (no BOLA)', async () => {
    const alice = await signUp(http, db);
    const mallory = await signUp(http, db);

    const res = await http
      .delete(`/v1/me/sessions/${claimsOf(alice.access).sid}`)
      .set('Authorization', bearer(mallory.access));

    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NF_SESSION');
    await refresh(alice.refresh).expect(200);
    expect(
      (await http.delete('/v1/me/sessions/not-a-uuid').set('Authorization', bearer(mallory.access))).status,
    ).toBe(400);
  });

  it('revokes all other sessions and keeps the current one', async () => {
    const user = await signUp(http, db);
    const a = await login(http, user.email);
    const b = await login(http, user.email);

    const res = await http.delete('/v1/me/sessions').set('Authorization', bearer(user.access)).expect(200);

    expect(res.body).toEqual({ revoked: 2 });
    expect((await refresh(a.refresh)).body.code).toBe('AUTH_SESSION_REVOKED');
    expect((await refresh(b.refresh)).body.code).toBe('AUTH_SESSION_REVOKED');
    await refresh(user.refresh).expect(200);
  });

  it('logs out: the session is revoked, auth operations refuse its access token, and logout is idempotent', async () => {
    const user = await signUp(http, db);
    const sid = claimsOf(user.access).sid as string;

    await http.post('/v1/auth/logout').set('Authorization', bearer(user.access)).expect(204);

    expect((await sessionsOf(user.access)).body.code).toBe('AUTH_SESSION_REVOKED');
    await http.post('/v1/auth/logout').set('Authorization', bearer(user.access)).expect(204);
    expect(await outboxEvents(db, AUTH_EVENTS.loggedOut, sid)).toHaveLength(1);
  });

  it('records sign-in success and failure as security events, without the email or password', async () => {
    const user = await signUp(http, db);
    const sid = claimsOf(user.access).sid as string;

    await http
      .post('/v1/auth/login')
      .set('User-Agent', 'guesser/1')
      .send({ email: user.email, password: 'not the right passphrase' })
      .expect(401);

    const [success] = await outboxEvents(db, AUTH_EVENTS.loginSucceeded, sid);
    const [failure] = await outboxEvents(db, AUTH_EVENTS.loginFailed, user.id);
    expect(success).toMatchObject({
      actor: { user_id: user.id },
      data: { outcome: 'success', user_agent: 'e2e-agent/1' },
    });
    expect(failure).toMatchObject({
      actor: null,
      data: { user_id: user.id, outcome: 'failure', reason: 'invalid_password', user_agent: 'guesser/1' },
    });
    expect(failure.data).toHaveProperty('ip');
    const text = JSON.stringify([success, failure]);
    expect(text).not.toContain(user.email);
    expect(text).not.toContain('not the right passphrase');
  });

  describe('admin', () => {
    it('lists and revokes a user’s sessions', async () => {
      const admin = await signUpAal2(http, db, 'admin');
      const target = await signUp(http, db);
      const targetSid = claimsOf(target.access).sid as string;

      const list = await http
        .get(`/v1/admin/users/${target.id}/sessions`)
        .set('Authorization', bearer(admin.access))
        .expect(200);
      expect(list.body.items.map((s: { id: string; current: boolean }) => [s.id, s.current])).toEqual([
        [targetSid, false],
      ]);

      await http
        .delete(`/v1/admin/users/${target.id}/sessions/${targetSid}`)
        .set('Authorization', bearer(admin.access))
        .expect(204);

      expect((await refresh(target.refresh)).body.code).toBe('AUTH_SESSION_REVOKED');
      const [event] = await outboxEvents(db, AUTH_EVENTS.sessionRevoked, targetSid);
      expect(event).toMatchObject({
        actor: { user_id: admin.id, role: 'admin' },
        data: { user_id: target.id, reason: 'admin_revoked' },
      });
      const again = await http
        .delete(`/v1/admin/users/${target.id}/sessions/${targetSid}`)
        .set('Authorization', bearer(admin.access));
      expect(again.body.code).toBe('NF_SESSION');
    });

    it('refuses customers (403) and an admin without a second factor (403 AUTH_2FA_REQUIRED)', async () => {
      const customer = await signUp(http, db);
      const admin = await signUp(http, db, 'admin');

      const asCustomer = await http
        .get(`/v1/admin/users/${customer.id}/sessions`)
        .set('Authorization', bearer(customer.access));
      const asAal1Admin = await http
        .get(`/v1/admin/users/${customer.id}/sessions`)
        .set('Authorization', bearer(admin.access));

      expect([asCustomer.status, asCustomer.body.code]).toEqual([403, 'AUTH_FORBIDDEN']);
      expect([asAal1Admin.status, asAal1Admin.body.code]).toEqual([403, 'AUTH_2FA_REQUIRED']);
    });

    it('leaves a super_admin’s sessions to super_admins, and answers 404 for an unknown user', async () => {
      const admin = await signUpAal2(http, db, 'admin');
      const root = await signUp(http, db, 'super_admin');

      const res = await http
        .get(`/v1/admin/users/${root.id}/sessions`)
        .set('Authorization', bearer(admin.access));
      const missing = await http
        .get('/v1/admin/users/01a2024b-fddd-7445-8ac2-7facd89b159a/sessions')
        .set('Authorization', bearer(admin.access));

      expect([res.status, res.body.code]).toEqual([403, 'AUTH_FORBIDDEN']);
      expect([missing.status, missing.body.code]).toEqual([404, 'NF_USER']);
    });
  });
});
