import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import request from 'supertest';
import { RateLimitGuard } from './rate-limit.guard';
import { createRateLimitTestApp } from './rate-limit.fixture';
import { RateLimitOptions } from './rate-limit.options';

const REDIS_URL = 'redis://127.0.0.1:6379';

describe(`${RateLimitGuard.name} with Redis`, () => {
  const apps: INestApplication[] = [];
  let redis: Redis;
  let keyPrefix: string;

  const start = async (options: Partial<RateLimitOptions> = {}) => {
    const app = await createRateLimitTestApp({
      redisUrl: REDIS_URL,
      keyPrefix,
      tiers: { auth: { points: 10, windowSeconds: 60 } },
      ...options,
    });
    apps.push(app);
    return app;
  };
  const login = (app: INestApplication, ip = '203.0.113.5') =>
    request(app.getHttpServer()).post('/t/login').set('X-Forwarded-For', ip);

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });

  beforeEach(() => {
    keyPrefix = `test:rl:${randomUUID()}`;
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length) await redis.del(...keys);
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('shares one quota between two gateway replicas: the 11th request across both is 429', async () => {
    const replicaA = await start();
    const replicaB = await start();

    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(i % 2 ? replicaB : replicaA)).status);
    const eleventh = await login(replicaB);

    expect(statuses).toEqual(Array(10).fill(201));
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.code).toBe('RATE_LIMITED');
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('reports the shared remaining quota from either replica', async () => {
    const replicaA = await start();
    const replicaB = await start();

    const first = await login(replicaA).expect(201);
    const second = await login(replicaB).expect(201);

    expect(first.headers['ratelimit']).toMatch(/^"auth";r=9;t=\d+$/);
    expect(second.headers['ratelimit']).toMatch(/^"auth";r=8;t=\d+$/);
    expect(second.headers['x-ratelimit-remaining']).toBe('8');
    expect(second.headers['ratelimit-policy']).toBe('"auth";q=10;w=60');
    expect(await redis.exists(`${keyPrefix}:auth:ip:203.0.113.5`)).toBe(1);
  });

  it('keeps users and IPs apart in the shared store', async () => {
    const app = await start();
    for (let i = 0; i < 10; i++) await login(app).set('x-test-user', 'u-1').expect(201);

    await login(app).set('x-test-user', 'u-1').expect(429);
    await login(app).set('x-test-user', 'u-2').expect(201);
    await login(app).expect(201);
    expect(await redis.exists(`${keyPrefix}:auth:user:u-1`)).toBe(1);
  });

  it('falls back to per-replica memory limits while Redis is unreachable', async () => {
    // A client of our own that never reconnects, so nothing lingers after the test.
    const unreachable = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    const app = await start({ redis: unreachable });
    await unreachable.connect().catch(() => undefined);

    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(app)).status);
    const eleventh = await login(app);

    expect(statuses).toEqual(Array(10).fill(201));
    expect(eleventh.status).toBe(429);
    expect(eleventh.headers['ratelimit-policy']).toBe('"auth";q=10;w=60');
    expect(unreachable.status).toBe('end');
  });
});
