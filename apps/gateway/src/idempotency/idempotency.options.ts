import type Redis from 'ioredis';

export interface IdempotencyOptions {
  /** Shared store for every gateway replica; without it (and without `redis`) records live in process memory. */
  redis?: Redis;
  redisUrl?: string;
  /** Prefix of every stored key, so deployments (and tests) sharing one Redis stay apart. */
  keyPrefix?: string;
  /** How long a finished request's response is kept for replay. Default 86400 (24 h, GW-4's minimum). */
  retentionSeconds?: number;
  /**
   * How long an in-flight claim lives if the gateway dies before finishing it; must outlast the slowest
   * request (NATS calls time out after 5 s by default). Default 60.
   */
  inFlightTtlSeconds?: number;
}

export const DEFAULT_IDEMPOTENCY_RETENTION_SECONDS = 86_400;
export const DEFAULT_IDEMPOTENCY_IN_FLIGHT_TTL_SECONDS = 60;
export const DEFAULT_IDEMPOTENCY_KEY_PREFIX = 'slotline:idem';

export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');

/** Route metadata set by @Idempotent(). */
export const IDEMPOTENT_METADATA = 'slotline:idempotent';
