import request from 'supertest';
import { TestPlatform } from '../support/test-platform';
import { uniqueEmail } from '../support/test-env';

describe('OPS-1 health and graceful shutdown', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await TestPlatform.start({
      appEnv: {
        'auth-audit': { SHUTDOWN_GRACE_MS: '600' },
        gateway: { REDIS_URL: 'redis://127.0.0.1:6379' },
      },
    });
  });

  afterAll(() => platform.stop());

  it('reports live and ready on every app, with the dependencies it checked', async () => {
    for (const name of ['gateway', 'auth-audit', 'scheduling', 'notifications', 'payouts'] as const) {
      await request(platform.url(name)).get('/health/live').expect(200);
      const ready = await request(platform.url(name)).get('/health/ready').expect(200);
      expect(ready.body.status).toBe('ok');
      expect(Object.keys(ready.body.info)).toEqual(
        expect.arrayContaining(name === 'gateway' ? ['nats'] : ['nats', 'database']),
      );
    }
  });

  it('fails readiness first on shutdown, and finishes the work already in flight', async () => {
    const email = uniqueEmail();
    const password = 'a long enough passphrase';
    await request(platform.url()).post('/v1/auth/register').send({ email, password }).expect(202);
    const authUrl = platform.url('auth-audit');
    const inFlight = request(platform.url()).post('/v1/auth/login').send({ email, password });
    const pending = inFlight.then((r) => r);
    await new Promise((r) => setTimeout(r, 15));
    const stopping = platform.stopOne('auth-audit');
    const ready = await request(authUrl).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error).toHaveProperty('shutdown');
    expect((await pending).status).toBe(200);
    await stopping;
    // Once gone, the gateway answers at once instead of hanging.
    const after = await request(platform.url()).post('/v1/auth/login').send({ email, password });
    expect(after.status).toBe(503);
    expect(after.body.code).toBe('SYS_UPSTREAM_UNAVAILABLE');
  });
});
