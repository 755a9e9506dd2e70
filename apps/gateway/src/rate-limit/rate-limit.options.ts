import type Redis from 'ioredis';

export const RATE_LIMIT_TIERS = ['auth', 'write', 'read', 'admin'] as const;
export type RateLimitTierName = (typeof RATE_LIMIT_TIERS)[number];

export interface TierLimit {
  /** Requests allowed per window. */
  points: number;
  windowSeconds: number;
}

export interface RateLimitOptions {
  /** Shared store for every gateway replica; without it (and without `redis`) limits are per process. */
  redisUrl?: string;
  /** An existing client to use instead of `redisUrl`; the module then leaves closing it to its owner. */
  redis?: Redis;
  /** Prefix of every limiter key, so deployments (and tests) sharing one Redis stay apart. */
  keyPrefix?: string;
  /** Per-tier overrides of DEFAULT_RATE_LIMIT_TIERS (the app maps RATE_LIMIT_<TIER>_POINTS / _WINDOW_SECONDS here). */
  tiers?: Partial<Record<RateLimitTierName, Partial<TierLimit>>>;
}

export const DEFAULT_RATE_LIMIT_TIERS: Readonly<Record<RateLimitTierName, TierLimit>> = {
  auth: { points: 10, windowSeconds: 60 },
  write: { points: 60, windowSeconds: 60 },
  read: { points: 300, windowSeconds: 60 },
  admin: { points: 120, windowSeconds: 60 },
};

export const DEFAULT_RATE_LIMIT_KEY_PREFIX = 'slotline:rl';

export const RATE_LIMIT_OPTIONS = Symbol('RATE_LIMIT_OPTIONS');

export function resolveTierLimits(options: RateLimitOptions): Record<RateLimitTierName, TierLimit> {
  const out = {} as Record<RateLimitTierName, TierLimit>;
  for (const tier of RATE_LIMIT_TIERS) {
    const limit = { ...DEFAULT_RATE_LIMIT_TIERS[tier], ...stripUndefined(options.tiers?.[tier]) };
    if (!Number.isInteger(limit.points) || limit.points < 1) {
      throw new Error(`Rate limit tier "${tier}": points must be a positive integer, got ${limit.points}`);
    }
    if (!Number.isInteger(limit.windowSeconds) || limit.windowSeconds < 1) {
      throw new Error(
        `Rate limit tier "${tier}": windowSeconds must be a positive integer, got ${limit.windowSeconds}`,
      );
    }
    out[tier] = limit;
  }
  return out;
}

function stripUndefined(value: Partial<TierLimit> | undefined): Partial<TierLimit> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<TierLimit>;
}
