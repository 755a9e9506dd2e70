import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { Metrics } from '@slotline/observability';
import Redis from 'ioredis';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import {
  DEFAULT_RATE_LIMIT_KEY_PREFIX,
  RATE_LIMIT_OPTIONS,
  RATE_LIMIT_TIERS,
  RateLimitOptions,
  RateLimitTierName,
  TierLimit,
  resolveTierLimits,
} from './rate-limit.options';

/** The outcome of counting one request against a tier. */
export interface RateLimitDecision {
  allowed: boolean;
  tier: RateLimitTierName;
  limit: number;
  windowSeconds: number;
  remaining: number;
  /** Seconds until the current window ends and the quota is refilled. */
  resetSeconds: number;
}

type LimiterSet = Record<RateLimitTierName, RateLimiterAbstract>;

/**
 * Counts requests per tier and client key. With Redis the count is shared by every gateway replica
 * (rate-limiter-flexible's Lua script makes increment + expiry atomic).
 *
 * When Redis is unreachable we neither fail closed (a cache outage would become a full API outage)
 * nor fail fully open (the auth tier is the brute-force brake): each replica falls back to its own
 * in-memory limiter with the same tiers, so limits stay bounded (at most replicas × points) until
 * Redis is back. The switch and the recovery are logged once each as warnings.
 */
@Injectable()
export class RateLimiterService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RateLimiterService.name);
  private readonly limits: Record<RateLimitTierName, TierLimit>;
  private readonly primary: LimiterSet;
  private readonly fallback?: LimiterSet;
  private readonly client?: Redis;
  private readonly ownsClient: boolean;
  private degraded = false;

  constructor(@Inject(RATE_LIMIT_OPTIONS) options: RateLimitOptions, @Optional() metrics?: Metrics) {
    this.limits = resolveTierLimits(options);
    const keyPrefix = options.keyPrefix ?? DEFAULT_RATE_LIMIT_KEY_PREFIX;
    this.ownsClient = !options.redis && !!options.redisUrl;
    this.client = options.redis ?? (options.redisUrl ? createClient(options.redisUrl) : undefined);

    const memory = (tier: RateLimitTierName) => new RateLimiterMemory(this.limiterOptions(tier, keyPrefix));
    if (this.client) {
      this.client.on('error', (err: Error) => this.markDegraded(err));
      this.client.on('ready', () => this.markRecovered());
      // The alert for a Redis outage: readiness stays green on purpose (the gateway degrades instead).
      metrics?.gauge(
        'rate_limit_store_degraded',
        '1 while Redis is unreachable and rate limits fall back to per-replica memory',
        [],
        (g) => g.set(this.degraded ? 1 : 0),
      );
      const client = this.client;
      this.primary = buildSet(
        (tier) =>
          new RateLimiterRedis({
            ...this.limiterOptions(tier, keyPrefix),
            storeClient: client,
            // Fail fast instead of queueing behind a reconnect, so a request never waits on Redis.
            rejectIfRedisNotReady: true,
          }),
      );
      this.fallback = buildSet(memory);
    } else {
      this.primary = buildSet(memory);
    }
  }

  get usesRedis(): boolean {
    return !!this.client;
  }

  limitOf(tier: RateLimitTierName): TierLimit {
    return this.limits[tier];
  }

  async consume(tier: RateLimitTierName, key: string): Promise<RateLimitDecision> {
    try {
      const res = await this.primary[tier].consume(key);
      this.markRecovered();
      return this.decision(tier, true, res);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        this.markRecovered();
        return this.decision(tier, false, err);
      }
      if (!this.fallback) throw err;
      this.markDegraded(err);
      return this.consumeFallback(this.fallback, tier, key);
    }
  }

  async onModuleInit(): Promise<void> {
    if (!this.client || !this.ownsClient) return;
    try {
      await this.client.connect();
    } catch (err) {
      // ioredis keeps reconnecting in the background; requests use the in-memory fallback meanwhile.
      this.markDegraded(err);
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.client || !this.ownsClient) return;
    if (this.client.status === 'ready') await this.client.quit();
    else if (this.client.status !== 'end') this.client.disconnect();
  }

  private async consumeFallback(
    set: LimiterSet,
    tier: RateLimitTierName,
    key: string,
  ): Promise<RateLimitDecision> {
    try {
      return this.decision(tier, true, await set[tier].consume(key));
    } catch (err) {
      if (err instanceof RateLimiterRes) return this.decision(tier, false, err);
      throw err;
    }
  }

  private decision(tier: RateLimitTierName, allowed: boolean, res: RateLimiterRes): RateLimitDecision {
    const { points, windowSeconds } = this.limits[tier];
    return {
      allowed,
      tier,
      limit: points,
      windowSeconds,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds: Math.max(0, Math.ceil(res.msBeforeNext / 1000)),
    };
  }

  private limiterOptions(tier: RateLimitTierName, keyPrefix: string) {
    const { points, windowSeconds } = this.limits[tier];
    return { keyPrefix: `${keyPrefix}:${tier}`, points, duration: windowSeconds };
  }

  private markDegraded(err: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn({
      event: 'rate_limit_store_unavailable',
      msg: 'Redis unreachable: rate limits fall back to per-replica in-memory counters',
      error: err instanceof Error ? err.message : String(err),
    });
  }

  private markRecovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.warn({
      event: 'rate_limit_store_recovered',
      msg: 'Redis reachable again: rate limits are shared',
    });
  }
}

function buildSet(make: (tier: RateLimitTierName) => RateLimiterAbstract): LimiterSet {
  return Object.fromEntries(RATE_LIMIT_TIERS.map((tier) => [tier, make(tier)])) as LimiterSet;
}

function createClient(url: string): Redis {
  return new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
}
