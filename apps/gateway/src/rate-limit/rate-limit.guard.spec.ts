import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { RateLimitGuard } from './rate-limit.guard';
import { createRateLimitTestApp } from './rate-limit.fixture';

describe(RateLimitGuard.name, () => {
  let app: INestApplication;

  beforeEach(async () => {
    app = await createRateLimitTestApp({
      tiers: {
        auth: { points: 3, windowSeconds: 60 },
        read: { points: 5 },
        write: { points: 4, windowSeconds: 30 },
      },
    });
  });

  afterEach(async () => {
    await app.close();
  });

  const get = (path: string, ip = '203.0.113.1') =>
    request(app.getHttpServer()).get(path).set('X-Forwarded-For', ip);
  const post = (path: string, ip = '203.0.113.1') =>
    request(app.getHttpServer()).post(path).set('X-Forwarded-For', ip);

  it('sets the draft RateLimit fields and the X-RateLimit trio consistently on a success', async () => {
    await get('/t/read').expect(200);
    const res = await get('/t/read').expect(200);

    expect(res.headers['ratelimit-policy']).toBe('"read";q=5;w=60');
    const match = /^"read";r=(\d+);t=(\d+)$/.exec(res.headers['ratelimit']);
    expect(match).not.toBeNull();
    const [, remaining, reset] = match!;
    expect(remaining).toBe('3');
    expect(Number(reset)).toBeGreaterThan(0);
    expect(Number(reset)).toBeLessThanOrEqual(60);
    expect(res.headers['x-ratelimit-limit']).toBe('5');
    expect(res.headers['x-ratelimit-remaining']).toBe(remaining);
    expect(res.headers['x-ratelimit-reset']).toBe(reset);
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('puts GET in read, other methods in write, and decorated routes in their tier', async () => {
    expect((await get('/t/read')).headers['ratelimit-policy']).toBe('"read";q=5;w=60');
    expect((await post('/t/write')).headers['ratelimit-policy']).toBe('"write";q=4;w=30');
    expect((await post('/t/login')).headers['ratelimit-policy']).toBe('"auth";q=3;w=60');
    expect((await get('/t/admin')).headers['ratelimit-policy']).toBe('"admin";q=120;w=60');
  });

  it('answers 429 RATE_LIMITED with Retry-After past the quota', async () => {
    for (let i = 0; i < 3; i++) await post('/t/login').expect(201);

    const res = await post('/t/login').expect(429);

    expect(res.body.code).toBe('RATE_LIMITED');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(res.body.details).toEqual({ tier: 'auth', retry_after_seconds: retryAfter });
    expect(res.headers['ratelimit']).toBe(`"auth";r=0;t=${res.headers['x-ratelimit-reset']}`);
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(retryAfter).toBeGreaterThanOrEqual(Number(res.headers['x-ratelimit-reset']));
  });

  it('counts each tier separately', async () => {
    for (let i = 0; i < 4; i++) await post('/t/login');

    await get('/t/read').expect(200);
  });

  it('keys anonymous clients by IP', async () => {
    for (let i = 0; i < 3; i++) await post('/t/login', '198.51.100.7').expect(201);
    await post('/t/login', '198.51.100.7').expect(429);

    await post('/t/login', '198.51.100.8').expect(201);
  });

  it('keys authenticated clients by user, whatever their IP', async () => {
    const asUser = (id: string, ip: string) => post('/t/login', ip).set('x-test-user', id);
    for (let i = 0; i < 3; i++) await asUser('user-a', `192.0.2.${i + 1}`).expect(201);

    await asUser('user-a', '192.0.2.99').expect(429);
    await asUser('user-b', '192.0.2.1').expect(201);
    await post('/t/login', '192.0.2.1').expect(201);
  });

  it('counts a whole IPv6 /64 as one client', async () => {
    for (let i = 0; i < 3; i++) await post('/t/login', `2001:db8:1:2::${i + 1}`).expect(201);

    await post('/t/login', '2001:db8:1:2:ffff::9').expect(429);
    await post('/t/login', '2001:db8:1:3::1').expect(201);
  });
});
