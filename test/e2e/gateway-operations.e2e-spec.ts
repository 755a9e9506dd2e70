import request from 'supertest';
import { uniqueEmail } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';

/** What an operator sees of the gateway: its access log and a readiness that means "can serve". */
describe('gateway operations', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await TestPlatform.start({ apps: ['auth-audit', 'gateway'], env: { LOG_LEVEL: 'info' } });
  });

  afterAll(() => platform?.stop());

  const gatewayLogs = () => platform.logs.get('gateway')!.records();

  it('writes an access log line per request, with the route pattern and the ids', async () => {
    const email = uniqueEmail();
    const password = 'a long enough passphrase';
    await request(platform.url()).post('/v1/auth/register').send({ email, password }).expect(202);
    const login = await request(platform.url()).post('/v1/auth/login').send({ email, password }).expect(200);
    const me = await request(platform.url())
      .get('/v1/me?probe=1')
      .set('Authorization', `Bearer ${login.body.access_token}`)
      .expect(200);

    const line = gatewayLogs().find(
      (r) => r.event === 'http_access' && r.request_id === me.headers['x-request-id'],
    );
    expect(line).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/v1/me',
      path: '/v1/me',
      status: 200,
      duration_ms: expect.any(Number),
      user_id: me.body.id,
      trace_id: me.headers['traceparent'].split('-')[1],
    });
    expect(JSON.stringify(line)).not.toContain('probe=1');
  });

  it('stays ready with one service up, and fails readiness (at warn) when no service answers', async () => {
    const ready = await request(platform.url()).get('/health/ready').expect(200);
    expect(ready.body.info).toHaveProperty('services', { status: 'up' });

    await platform.stopOne('auth-audit');
    const before = gatewayLogs().length;
    const down = await request(platform.url()).get('/health/ready');
    await platform.startOne('auth-audit');
    const back = await request(platform.url()).get('/health/ready');

    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      code: 'SYS_NOT_READY',
      details: { error: { services: expect.anything() } },
    });
    const logged = gatewayLogs().slice(before);
    expect(logged.filter((r) => r.level === 'error')).toEqual([]);
    expect(logged).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 'warn', msg: 'not ready' })]),
    );
    expect(back.status).toBe(200);
  });
});
