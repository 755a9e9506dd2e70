import { JSONCodec, NatsConnection } from 'nats';
import { connectTestNats } from '@slotline/testing';
import request from 'supertest';
import { TestPlatform } from '../support/test-platform';
import { uniqueEmail } from '../support/test-env';

const PROBLEM_KEYS = ['type', 'title', 'status', 'code', 'message', 'trace_id', 'request_id'];

function expectProblem(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text);
  for (const key of PROBLEM_KEYS) expect(body).toHaveProperty(key);
  expect(body).toMatchObject({ status, code });
  expect(body.request_id).toBe(res.headers['x-request-id']);
  expect(res.headers.traceparent).toContain(body.trace_id);
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+|SELECT|QueryFailedError/i);
}

describe('GW-1 error contract', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await TestPlatform.start({ apps: ['auth-audit', 'gateway'] });
    http = request(platform.url());
  });

  afterAll(() => platform.stop());

  it('answers an unknown route with 404 NF_ROUTE', async () => {
    expectProblem(await http.get('/v1/nothing-here'), 404, 'NF_ROUTE');
  });

  it('answers a wrong method with 405 and the allowed methods', async () => {
    const res = await http.delete('/v1/auth/login');
    expectProblem(res, 405, 'VAL_METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe('POST');
  });

  it('refuses a non-JSON body with 415', async () => {
    expectProblem(
      await http.post('/v1/auth/login').set('Content-Type', 'text/plain').send('hello'),
      415,
      'VAL_UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('refuses a body over 100 KB with 413', async () => {
    const res = await http
      .post('/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'x'.repeat(110_000) }));
    expectProblem(res, 413, 'VAL_PAYLOAD_TOO_LARGE');
  });

  it('refuses malformed JSON with 400 VAL_MALFORMED_JSON', async () => {
    expectProblem(
      await http.post('/v1/auth/login').set('Content-Type', 'application/json').send('{"email":'),
      400,
      'VAL_MALFORMED_JSON',
    );
  });

  it('names every bad field, including unknown ones, without echoing values', async () => {
    const res = await http
      .post('/v1/auth/register')
      .send({ email: 'not-an-email', password: 'short', is_admin: true });
    expectProblem(res, 400, 'VAL_FAILED');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'is_admin']));
    expect(res.text).not.toContain('short');
  });

  it('carries a service error across NATS with its code and status', async () => {
    const res = await http
      .post('/v1/auth/login')
      .send({ email: uniqueEmail(), password: 'whatever-password' });
    expectProblem(res, 401, 'AUTH_INVALID_CREDENTIALS');
  });

  it('echoes a client X-Request-ID and replaces an unsafe one', async () => {
    const ok = await http.get('/v1/nothing').set('X-Request-ID', 'client-req-42');
    expect(ok.headers['x-request-id']).toBe('client-req-42');
    expect(ok.body.request_id).toBe('client-req-42');
    const unsafe = await http.get('/v1/nothing').set('X-Request-ID', 'bad id with spaces <script>');
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('continues a client traceparent: same trace id in the header and the error body', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await http.get('/v1/me').set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`);
    expectProblem(res, 401, 'AUTH_UNAUTHENTICATED');
    expect(res.body.trace_id).toBe(traceId);
    expect(res.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });
});

describe('GW-1 upstream failures', () => {
  let platform: TestPlatform;
  let nc: NatsConnection;

  beforeAll(async () => {
    platform = await TestPlatform.start({
      apps: ['gateway'],
      appEnv: { gateway: { NATS_REQUEST_TIMEOUT_MS: '400' } },
    });
    nc = await connectTestNats();
  });

  afterAll(async () => {
    await nc.close();
    await platform.stop();
  });

  it('answers 503 SYS_UPSTREAM_UNAVAILABLE at once when no service listens', async () => {
    const res = await request(platform.url())
      .post('/v1/auth/login')
      .send({ email: uniqueEmail(), password: 'whatever-password' });
    expectProblem(res, 503, 'SYS_UPSTREAM_UNAVAILABLE');
  });

  it('answers 504 SYS_UPSTREAM_TIMEOUT when the service does not answer in time', async () => {
    const sub = nc.subscribe(`${platform.tag}.auth.register`); // receives, never replies
    await nc.flush();
    const res = await request(platform.url())
      .post('/v1/auth/register')
      .send({ email: uniqueEmail(), password: 'a fine long passphrase' });
    expectProblem(res, 504, 'SYS_UPSTREAM_TIMEOUT');
    sub.unsubscribe();
  });

  it('turns an unrecognised service error into a 500 that leaks nothing', async () => {
    const codec = JSONCodec();
    const sub = nc.subscribe(`${platform.tag}.auth.login`, {
      callback: (_err, msg) =>
        msg.respond(
          codec.encode({
            err: { message: 'relation "auth.users" does not exist at Query.run (pg.js:1)' },
            isDisposed: true,
          }),
        ),
    });
    await nc.flush();
    const res = await request(platform.url())
      .post('/v1/auth/login')
      .send({ email: uniqueEmail(), password: 'whatever-password' });
    expectProblem(res, 500, 'SYS_INTERNAL');
    expect(res.text).not.toContain('relation');
    sub.unsubscribe();
  });
});
