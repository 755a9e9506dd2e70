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
});
