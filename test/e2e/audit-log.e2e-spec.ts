import { AuditLogRecord, Page } from '@slotline/contracts';
import { pollUntil } from '@slotline/testing';
import { Client } from 'pg';
import request from 'supertest';
import { SUPERUSER_TEST_URL, uniqueEmail } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';

const PASSWORD = 'a long enough passphrase';

/** AUTH-7 and GW-2: denials reach the audit log; admins read it with filters and cursors. */
describe('audit log through the gateway', () => {
  // Rows arrive through the outbox, JetStream and a consumer: on a loaded machine that takes a while.
  jest.setTimeout(90_000);
  let platform: TestPlatform;
  let db: Client;
  let http: ReturnType<typeof request>;

  async function signIn(role?: 'admin' | 'super_admin'): Promise<{ id: string; token: string }> {
    const email = uniqueEmail();
    await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
    if (role) await db.query('UPDATE auth.users SET role = $1 WHERE email = $2', [role, email]);
    const login = await http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    const token = login.body.access_token as string;
    const me = await http.get('/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    return { id: me.body.id as string, token };
  }

  async function list(token: string, query: Record<string, string | number>): Promise<Page<AuditLogRecord>> {
    const res = await http
      .get('/v1/admin/audit-logs')
      .query(query)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    return res.body as Page<AuditLogRecord>;
  }

  /** Audit rows arrive asynchronously (gateway → JetStream → auth-audit): the first `count` of them. */
  function auditRecords(
    token: string,
    query: Record<string, string | number>,
    count: number,
  ): Promise<AuditLogRecord[]> {
    // 30 s default: generous, the event pipeline is slow on a loaded machine.
    return pollUntil(
      `${count} audit record(s) matching ${JSON.stringify(query)}`,
      async () => (await list(token, { ...query, limit: 100 })).items,
      { until: (items) => items.length >= count },
    );
  }

  beforeAll(async () => {
    platform = await TestPlatform.start({ apps: ['auth-audit', 'gateway'] });
    http = request(platform.url());
    db = new Client({ connectionString: SUPERUSER_TEST_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  it('answers a customer on an admin route with 403 and audits the denial', async () => {
    const customer = await signIn();
    const admin = await signIn('admin');

    const res = await http
      .get('/v1/admin/audit-logs')
      .set('Authorization', `Bearer ${customer.token}`)
      .set('User-Agent', 'e2e-probe/1');

    expect(res.status).toBe(403);
    expect(res.body.code).toBe('AUTH_FORBIDDEN');
    const [row] = await auditRecords(admin.token, { actor_id: customer.id, action: 'rbac_deny' }, 1);
    expect(row).toMatchObject({
      actor_id: customer.id,
      actor_role: 'customer',
      action: 'rbac_deny',
      outcome: 'denied',
      resource_type: 'route',
      resource_id: 'GET /v1/admin/audit-logs',
      user_agent: 'e2e-probe/1',
      request_id: res.headers['x-request-id'],
    });
    expect(row.metadata).toMatchObject({
      event_type: 'evt.gateway.access.denied.v1',
      producer: 'gateway',
      data: { permission: 'audit:read' },
    });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists with filters, newest first, page by page', async () => {
    const customer = await signIn();
    const admin = await signIn('admin');
    const auth = `Bearer ${customer.token}`;
    await http.get('/v1/admin/audit-logs').set('Authorization', auth).expect(403);
    await http.post('/v1/admin/audit-logs/verify').set('Authorization', auth).expect(403);
    await http.get('/v1/admin/audit-logs').set('Authorization', auth).expect(403);
    const denied = { actor_id: customer.id, action: 'rbac_deny', outcome: 'denied' };
    const all = await auditRecords(admin.token, denied, 3);
    expect(all).toHaveLength(3);

    const first = await list(admin.token, { ...denied, limit: 2 });
    const second = await list(admin.token, { ...denied, limit: 2, cursor: first.next_cursor! });

    expect(first).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
    expect(second).toMatchObject({ has_more: false, next_cursor: null });
    const paged = [...first.items, ...second.items];
    expect(paged.map((r) => r.id)).toEqual(all.map((r) => r.id));
    const times = paged.map((r) => r.occurred_at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(paged.map((r) => r.resource_id).sort()).toEqual([
      'GET /v1/admin/audit-logs',
      'GET /v1/admin/audit-logs',
      'POST /v1/admin/audit-logs/verify',
    ]);

    const logins = await auditRecords(admin.token, { actor_id: customer.id, action: 'auth.session.*' }, 1);
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.every((r) => r.action.startsWith('auth.session.') && r.actor_id === customer.id)).toBe(
      true,
    );
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await list(admin.token, { actor_id: customer.id, from: future })).items).toEqual([]);
    expect((await list(admin.token, { actor_id: customer.id, to: '2000-01-01T00:00:00Z' })).items).toEqual(
      [],
    );
  });

  it('refuses a bad cursor and bad filters', async () => {
    const admin = await signIn('admin');
    const auth = `Bearer ${admin.token}`;

    const cursor = await http
      .get('/v1/admin/audit-logs')
      .query({ cursor: 'not-a-cursor' })
      .set('Authorization', auth);
    const outcome = await http
      .get('/v1/admin/audit-logs')
      .query({ outcome: 'maybe', actor_id: 'x' })
      .set('Authorization', auth);

    expect(cursor.status).toBe(400);
    expect(cursor.body.code).toBe('VAL_CURSOR');
    expect(outcome.status).toBe(400);
    expect(outcome.body.code).toBe('VAL_FAILED');
    expect(outcome.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'actor_id',
      'outcome',
    ]);
  });

  it('lets only a super_admin verify the chain', async () => {
    const admin = await signIn('admin');
    const root = await signIn('super_admin');

    await http.post('/v1/admin/audit-logs/verify').set('Authorization', `Bearer ${admin.token}`).expect(403);
    const res = await http
      .post('/v1/admin/audit-logs/verify')
      .set('Authorization', `Bearer ${root.token}`)
      .expect(200);

    expect(res.body).toEqual({ ok: true, checked: expect.any(Number) });
    expect(res.body.checked).toBeGreaterThan(0);
  });
});
