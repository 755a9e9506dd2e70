import { pollUntil } from '@slotline/testing';
import { AuditLogRecord } from '@slotline/contracts';
import { Client } from 'pg';
import request from 'supertest';
import { SUPERUSER_TEST_URL, uniqueEmail } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';

const PASSWORD = 'a long enough passphrase';

/**
 * The event path across services: a change in scheduling commits its event in the outbox, the relay
 * publishes it to JetStream, auth-audit's inbox consumer records it once in the audit log — with the
 * request's trace id and request id carried the whole way.
 */
describe('a scheduling change reaches the audit log through outbox, JetStream and inbox', () => {
  let platform: TestPlatform;
  let db: Client;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await TestPlatform.start({
      apps: ['auth-audit', 'scheduling', 'gateway'],
      env: { AUTH_REQUIRE_ADMIN_2FA: 'false' },
    });
    http = request(platform.url());
    db = new Client({ connectionString: SUPERUSER_TEST_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  async function signIn(role: 'admin' | 'provider'): Promise<{ id: string; token: string }> {
    const email = uniqueEmail();
    await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
    await db.query('UPDATE auth.users SET role = $1 WHERE email = $2', [role, email]);
    const token = (await http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200)).body
      .access_token;
    const me = await http.get('/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    return { id: me.body.id, token };
  }

  it('records the admin creating a practitioner, once, with the same trace and request id', async () => {
    const admin = await signIn('admin');
    const provider = await signIn('provider');
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const created = await http
      .post('/v1/admin/practitioners')
      .set('Authorization', `Bearer ${admin.token}`)
      .set('traceparent', `00-${traceId}-b7ad6b7169203331-01`)
      .set('X-Request-ID', `audit-path-${provider.id}`)
      .send({ user_id: provider.id, name: 'Dr Audit', time_zone: 'Europe/London', weekly_hours: {} })
      .expect(201);

    const rows = await pollUntil(
      'the audit record of the new resource',
      async (): Promise<AuditLogRecord[]> => {
        const res = await http
          .get('/v1/admin/audit-logs')
          .query({ resource_id: created.body.id, action: 'scheduling.resource.created' })
          .set('Authorization', `Bearer ${admin.token}`)
          .expect(200);
        return res.body.items;
      },
      { until: (items) => items.length > 0, timeoutMs: 15_000 },
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_id: admin.id,
      actor_role: 'admin',
      action: 'scheduling.resource.created',
      outcome: 'success',
      resource_id: created.body.id,
      trace_id: traceId,
      request_id: `audit-path-${provider.id}`,
    });

    // The event was published exactly once and consumed exactly once.
    const published = await db.query(
      "SELECT published_at FROM scheduling.outbox WHERE envelope->>'type' = $1 AND envelope->'data'->>'resource_id' = $2",
      ['evt.scheduling.resource.created.v1', created.body.id],
    );
    expect(published.rows).toHaveLength(1);
    expect(published.rows[0].published_at).not.toBeNull();
  });
});
