import { RunningApp, startApp } from '@slotline/bootstrap';
import { childProcessEnv } from '@slotline/testing';
import request from 'supertest';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { LogCapture } from '../support/log-capture';
import { TestPlatform } from '../support/test-platform';
import { uniqueEmail } from '../support/test-env';

describe('GW-3 rate limits through the gateway, shared by two replicas over Redis', () => {
  let platform: TestPlatform;
  let second: RunningApp;

  beforeAll(async () => {
    const gatewayEnv = {
      REDIS_URL: 'redis://127.0.0.1:6379',
      RATE_LIMIT_AUTH_POINTS: '4',
      RATE_LIMIT_AUTH_WINDOW_SECONDS: '60',
    };
    platform = await TestPlatform.start({ apps: ['auth-audit', 'gateway'], appEnv: { gateway: gatewayEnv } });
    second = await startApp({
      ...gatewayApp(),
      env: childProcessEnv({ ...platform.env, ...gatewayEnv }),
      logDestination: new LogCapture(),
    });
  });

  afterAll(async () => {
    await second.shutdown('test');
    await platform.stop();
  });

  it('counts requests from both replicas against one budget and answers 429 as problem+json', async () => {
    const replicas = [request(platform.url()), request(second.url)];
    const body = { email: uniqueEmail(), password: 'whatever passphrase' };
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await replicas[i % 2].post('/v1/auth/login').send(body);
      statuses.push(last.status);
      expect(last.headers['ratelimit-policy']).toBe('"auth";q=4;w=60');
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(last!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(last!.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers.ratelimit).toMatch(/^"auth";r=0;t=\d+$/);
    expect(last!.headers['x-ratelimit-limit']).toBe('4');
    expect(last!.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(last!.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
  });

  it('keeps other tiers separate: reads still pass', async () => {
    await request(platform.url()).get('/.well-known/jwks.json').expect(200);
  });

  it('holds the docs to the read tier too, though they are served outside Nest', async () => {
    const docsGateway = await startApp({
      ...gatewayApp(),
      env: childProcessEnv({
        ...platform.env,
        RATE_LIMIT_READ_POINTS: '2',
        RATE_LIMIT_READ_WINDOW_SECONDS: '60',
      }),
      logDestination: new LogCapture(),
    });
    try {
      const gw = request(docsGateway.url);
      const answers = [await gw.get('/openapi.json'), await gw.get('/docs'), await gw.get('/openapi.json')];
      expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
      expect(answers[0].headers['ratelimit-policy']).toBe('"read";q=2;w=60');
      const refused = answers[2];
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers.ratelimit).toMatch(/^"read";r=0;t=\d+$/);
    } finally {
      await docsGateway.shutdown('test');
    }
  });
});
