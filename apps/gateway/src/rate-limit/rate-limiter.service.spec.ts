import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { Metrics } from '@slotline/observability';
import type Redis from 'ioredis';
import { RateLimiterService } from './rate-limiter.service';

/** An ioredis client that never becomes ready: every Redis call fails fast, as during an outage. */
class UnreachableRedis extends EventEmitter {
  status = 'reconnecting';
}

async function degradedGauge(metrics: Metrics): Promise<number | undefined> {
  const line = (await metrics.render()).body
    .split('\n')
    .find((l) => l.startsWith('rate_limit_store_degraded{'));
  return line ? Number(line.split(' ').pop()) : undefined;
}

describe(RateLimiterService.name, () => {
  // The outage warnings are expected here; keep the test output readable.
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => jest.useRealTimers());

  describe('in memory', () => {
    let sut: RateLimiterService;

    beforeEach(() => {
      sut = new RateLimiterService({
        tiers: { auth: { points: 3, windowSeconds: 60 }, write: { points: 2 } },
      });
    });

    it('counts down the quota and reports the window it is in', async () => {
      const first = await sut.consume('auth', 'client-a');
      const second = await sut.consume('auth', 'client-a');

      expect(first).toEqual({
        allowed: true,
        tier: 'auth',
        limit: 3,
        windowSeconds: 60,
        remaining: 2,
        resetSeconds: 60,
      });
      expect(second).toMatchObject({ allowed: true, remaining: 1 });
      expect(sut.usesRedis).toBe(false);
    });

    it('refuses past the quota with nothing remaining and the seconds until the window ends', async () => {
      for (let i = 0; i < 3; i++) await sut.consume('auth', 'client-a');

      const refused = await sut.consume('auth', 'client-a');

      expect(refused).toMatchObject({ allowed: false, tier: 'auth', limit: 3, remaining: 0 });
      expect(refused.resetSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.resetSeconds).toBeLessThanOrEqual(60);
    });

    it('keeps clients and tiers apart', async () => {
      for (let i = 0; i < 3; i++) await sut.consume('auth', 'client-a');

      expect(await sut.consume('auth', 'client-b')).toMatchObject({ allowed: true, remaining: 2 });
      expect(await sut.consume('read', 'client-a')).toMatchObject({ allowed: true, limit: 300 });
    });

    it('refills the quota when the window ends', async () => {
      jest.useFakeTimers({ now: new Date('2026-03-30T10:00:00Z') });
      sut = new RateLimiterService({ tiers: { write: { points: 2, windowSeconds: 30 } } });
      await sut.consume('write', 'client-a');
      await sut.consume('write', 'client-a');
      expect(await sut.consume('write', 'client-a')).toMatchObject({ allowed: false });

      jest.advanceTimersByTime(29_000);
      expect(await sut.consume('write', 'client-a')).toMatchObject({ allowed: false, resetSeconds: 1 });
      jest.advanceTimersByTime(1_001);

      expect(await sut.consume('write', 'client-a')).toMatchObject({ allowed: true, remaining: 1 });
    });

    it('takes the defaults for tiers left unset and merges a partial override', () => {
      expect(sut.limitOf('write')).toEqual({ points: 2, windowSeconds: 60 });
      expect(sut.limitOf('admin')).toEqual({ points: 120, windowSeconds: 60 });
    });

    it('refuses a limit that is not a positive whole number', () => {
      expect(() => new RateLimiterService({ tiers: { read: { points: 0 } } })).toThrow(
        'Rate limit tier "read": points must be a positive integer, got 0',
      );
      expect(() => new RateLimiterService({ tiers: { auth: { windowSeconds: 1.5 } } })).toThrow(
        /windowSeconds must be a positive integer/,
      );
    });
  });

  describe('with Redis unreachable', () => {
    let redis: UnreachableRedis;
    let metrics: Metrics;
    let sut: RateLimiterService;

    beforeEach(() => {
      redis = new UnreachableRedis();
      metrics = new Metrics({ service: 'gateway' });
      sut = new RateLimiterService(
        { redis: redis as unknown as Redis, tiers: { auth: { points: 2 } } },
        metrics,
      );
    });

    it('still enforces each tier with per-replica counters and raises the degraded gauge', async () => {
      expect(sut.usesRedis).toBe(true);
      expect(await degradedGauge(metrics)).toBe(0);

      expect(await sut.consume('auth', 'client-a')).toMatchObject({ allowed: true, remaining: 1 });
      expect(await sut.consume('auth', 'client-a')).toMatchObject({ allowed: true, remaining: 0 });
      expect(await sut.consume('auth', 'client-a')).toMatchObject({ allowed: false, limit: 2 });
      expect(await degradedGauge(metrics)).toBe(1);
    });

    it('follows the client: degraded on its error, shared again once it is ready', async () => {
      redis.emit('error', new Error('ECONNREFUSED'));
      expect(await degradedGauge(metrics)).toBe(1);

      redis.emit('ready');

      expect(await degradedGauge(metrics)).toBe(0);
    });
  });
});
