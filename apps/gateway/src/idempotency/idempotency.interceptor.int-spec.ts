import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createIdempotencyTestApp } from './idempotency.fixture';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { idempotencyScenarios, idempotencyStoreContract } from './idempotency.scenarios';
import { RedisIdempotencyStore } from './redis-idempotency.store';

const REDIS_URL = 'redis://127.0.0.1:6379';

describe(`${IdempotencyInterceptor.name} with the Redis store`, () => {
  let redis: Redis;
  let keyPrefix: string;

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });

  beforeEach(() => {
    keyPrefix = `test:idem:${randomUUID()}`;
  });

  afterEach(async () => {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length) await redis.del(...keys);
  });

  afterAll(async () => {
    await redis.quit();
  });

  describe('over HTTP', () => {
    idempotencyScenarios(() => ({ redisUrl: REDIS_URL, keyPrefix }));

    it('keeps a finished record for the configured retention (24 h by default)', async () => {
      const { app } = await createIdempotencyTestApp({ redisUrl: REDIS_URL, keyPrefix });
      try {
        await request(app.getHttpServer()).post('/t/jobs').set('Idempotency-Key', 'k-1').send({}).expect(201);

        const [storeKey] = await redis.keys(`${keyPrefix}:*`);
        const ttl = await redis.pttl(storeKey);
        expect(storeKey).toMatch(new RegExp(`^${keyPrefix}:ip:[^:]+.*:[0-9a-f]{64}$`));
        expect(ttl).toBeGreaterThan(86_300_000);
        expect(ttl).toBeLessThanOrEqual(86_400_000);
        expect(JSON.parse((await redis.get(storeKey))!)).toMatchObject({ state: 'done', status: 201 });
      } finally {
        await app.close();
      }
    });

    it('refuses keyed requests with 503 while Redis is unreachable, and runs nothing', async () => {
      const unreachable = new Redis('redis://127.0.0.1:1', {
        lazyConnect: true,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      await unreachable.connect().catch(() => undefined);
      const { app, effects } = await createIdempotencyTestApp({ redis: unreachable, keyPrefix });
      try {
        const res = await request(app.getHttpServer()).post('/t/jobs').set('Idempotency-Key', 'k').send({});

        expect(res.status).toBe(503);
        expect(res.body.code).toBe('SYS_UPSTREAM_UNAVAILABLE');
        expect(effects.calls).toBe(0);
      } finally {
        await app.close();
      }
    });
  });

  describe(RedisIdempotencyStore.name, () => {
    idempotencyStoreContract(() => ({
      store: new RedisIdempotencyStore(redis),
      key: () => `${keyPrefix}:${randomUUID()}`,
    }));
  });
});
