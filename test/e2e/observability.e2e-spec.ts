import request from 'supertest';
import { AppName, TestPlatform } from '../support/test-platform';
import { uniqueEmail } from '../support/test-env';

describe('OBS-1..3 logs, metrics and traces on real requests', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await TestPlatform.start();
  });

  afterAll(() => platform.stop());

  it('never logs a password, a token or an email, at debug level, across every app', async () => {
    const http = request(platform.url());
    const email = uniqueEmail();
    const password = 'Sup3r secret passphrase!';
    await http.post('/v1/auth/register').send({ email, password }).expect(202);
    await http
      .post('/v1/auth/login')
      .send({ email, password: `${password}-wrong` })
      .expect(401);
    const login = await http.post('/v1/auth/login').send({ email, password }).expect(200);
    await http.get('/v1/me').set('Authorization', `Bearer ${login.body.access_token}`).expect(200);
    await http.get('/v1/me').set('Authorization', `Bearer ${login.body.access_token}x`).expect(401);

    const logs = platform.allLogText();
    expect(logs.length).toBeGreaterThan(1000);
    for (const secret of [password, login.body.access_token, login.body.refresh_token, email]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  });

  it('keeps the gateway trace id through NATS into the service log and the response', async () => {
    const traceId = 'aaaabbbbccccddddeeeeffff00001111';
    const requestId = `req-${Date.now()}`;
    const res = await request(platform.url())
      .post('/v1/auth/login')
      .set('traceparent', `00-${traceId}-1111222233334444-01`)
      .set('X-Request-ID', requestId)
      .send({ email: uniqueEmail(), password: 'whatever passphrase' });
    expect(res.body.trace_id).toBe(traceId);
    const serviceLine = platform.logs
      .get('auth-audit')!
      .records()
      .find((r) => r.event === 'rpc_handled' && r.request_id === requestId);
    expect(serviceLine).toMatchObject({
      trace_id: traceId,
      subject: 'auth.login',
      outcome: 'AUTH_INVALID_CREDENTIALS',
      service: 'auth-audit',
    });
    expect(serviceLine!.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('serves Prometheus metrics with HTTP and RPC latency histograms on every app', async () => {
    await request(platform.url()).get('/v1/me').expect(401);
    const apps: AppName[] = ['gateway', 'auth-audit', 'scheduling', 'notifications', 'payouts'];
    for (const name of apps) {
      await request(platform.url(name)).get('/health/live').expect(200);
      const res = await request(platform.url(name)).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain('process_cpu_user_seconds_total');
      expect(res.text).toContain('http_server_request_duration_seconds_bucket');
      expect(res.text).toContain(`service="${name}"`);
    }
    const gateway = (await request(platform.url()).get('/metrics')).text;
    expect(gateway).toMatch(/rpc_client_duration_seconds_count\{[^}]*subject="auth.login"/);
    expect(gateway).toMatch(
      /http_server_request_duration_seconds_count\{[^}]*route="\/v1\/me"[^}]*status_code="401"/,
    );
    const auth = (await request(platform.url('auth-audit')).get('/metrics')).text;
    expect(auth).toMatch(/rpc_server_duration_seconds_count\{[^}]*subject="auth.login"/);
    expect(auth).toMatch(/db_query_duration_seconds_count/);
    expect(auth).toMatch(/outbox_pending_events\{[^}]*\} \d+/);
    expect(auth).toMatch(/outbox_oldest_pending_age_seconds/);
  });

  it('logs a startup event per app as JSON with service and level', () => {
    for (const [name, capture] of platform.logs) {
      const startup = capture.records().find((r) => r.event === 'startup');
      expect(startup).toMatchObject({ service: name, level: 'info' });
      expect(typeof startup!.time).toBe('string');
    }
  });
});
