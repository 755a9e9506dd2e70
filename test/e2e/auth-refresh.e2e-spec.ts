import { pollUntil } from '@slotline/testing';
import { AUTH_EVENTS } from '@slotline/contracts';
import { Client } from 'pg';
import { bearer, claimsOf, Http, outboxEvents, signUp, superuserDb, useAuthPlatform } from './auth-support';

/** AUTH-4: refresh tokens rotate on every use; a replayed one revokes its whole family. */
describe('refresh token rotation through the gateway', () => {
  let db: Client;
  let http: Http;

  const refresh = (token: string) =>
    http.post('/v1/auth/refresh').set('User-Agent', 'e2e-refresher/2').send({ refresh_token: token });

  useAuthPlatform((started) => ({ http, db } = started));

  it('rotates: a new pair in the same session, and the new access token works', async () => {
    const user = await signUp(http, db);

    const res = await refresh(user.refresh).expect(200);

    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, aal: 'aal1' });
    expect(res.body.refresh_token).not.toBe(user.refresh);
    expect(claimsOf(res.body.access_token)).toMatchObject({
      sub: user.id,
      sid: claimsOf(user.access).sid,
      aal: 'aal1',
    });
    await http.get('/v1/me').set('Authorization', bearer(res.body.access_token)).expect(200);
    await refresh(res.body.refresh_token).expect(200);
  });

  it('revokes the whole family when a spent token is replayed, and records a security event', async () => {
    const user = await signUp(http, db);
    const sid = claimsOf(user.access).sid as string;
    const second = (await refresh(user.refresh).expect(200)).body.refresh_token;

    const replay = await refresh(user.refresh);

    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('AUTH_REFRESH_REUSED');
    // The legitimate holder's newer token dies with the family.
    const after = await refresh(second);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('AUTH_SESSION_REVOKED');
    const { rows } = await db.query('SELECT revoked_at, revoked_reason FROM auth.sessions WHERE id = $1', [
      sid,
    ]);
    expect(rows[0]).toMatchObject({ revoked_reason: 'refresh_reuse' });
    expect(rows[0].revoked_at).not.toBeNull();

    const [event] = await outboxEvents(db, AUTH_EVENTS.refreshReused, sid);
    expect(event).toMatchObject({
      type: 'evt.auth.session.refresh_reused.v1',
      producer: 'auth-audit',
      data: {
        user_id: user.id,
        resource_type: 'session',
        resource_id: sid,
        outcome: 'failure',
        reason: 'refresh_reuse',
        user_agent: 'e2e-refresher/2',
      },
    });
    const text = JSON.stringify(event);
    expect(text).not.toContain(user.email);
    expect(text).not.toContain(user.refresh);
  });

  it('ends two concurrent refreshes with one token deterministically: one wins, then the family is revoked', async () => {
    const user = await signUp(http, db);

    const results = await Promise.all([refresh(user.refresh), refresh(user.refresh)]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    const winner = results.find((r) => r.status === 200)!;
    const loser = results.find((r) => r.status === 401)!;
    expect(loser.body.code).toBe('AUTH_REFRESH_REUSED');
    const late = await refresh(winner.body.refresh_token);
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('AUTH_SESSION_REVOKED');
  });

  it('gives the same outcome when both refreshes are already queued on the session lock', async () => {
    const user = await signUp(http, db);
    const sid = claimsOf(user.access).sid as string;
    const blocker = await superuserDb();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM auth.sessions WHERE id = $1 FOR UPDATE', [sid]);
      const pending = Promise.all([refresh(user.refresh), refresh(user.refresh)]);
      await waitForLockWaiters(2);
      await blocker.query('COMMIT');
      const results = await pending;

      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
      expect(results.find((r) => r.status === 401)!.body.code).toBe('AUTH_REFRESH_REUSED');
    } finally {
      await blocker.end();
    }
  });

  /** Polls until `n` auth-audit backends wait on a row lock (no sleeping on a guess). */
  async function waitForLockWaiters(n: number): Promise<void> {
    await pollUntil(
      `${n} refreshes waiting on the lock`,
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'auth-audit' AND wait_event_type = 'Lock' AND datname = current_database()`,
        );
        return rows[0].n as number;
      },
      { until: (waiting) => waiting >= n, timeoutMs: 5000, intervalMs: 20 },
    );
  }

  it('refuses an unknown token and unknown body fields', async () => {
    const unknown = await refresh('not-a-token-we-issued');
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('AUTH_REFRESH_INVALID');

    const extra = await http.post('/v1/auth/refresh').send({ refresh_token: 'x', role: 'admin' });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([expect.objectContaining({ field: 'role', code: 'unknown_field' })]);
  });

  it('stops a refresh token at once when its session logs out', async () => {
    const user = await signUp(http, db);

    await http.post('/v1/auth/logout').set('Authorization', bearer(user.access)).expect(204);

    const res = await refresh(user.refresh);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_SESSION_REVOKED');
  });
});
