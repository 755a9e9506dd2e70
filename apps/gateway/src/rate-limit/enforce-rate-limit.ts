import { AppError } from '@slotline/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rateLimitKeyOf } from './client-key';
import { retryAfterSeconds, setRateLimitHeaders } from './rate-limit.headers';
import { RateLimitTierName } from './rate-limit.options';
import { RateLimiterService } from './rate-limiter.service';

/**
 * Counts one request against `tier` (GW-3): the rate-limit headers on every answer, and past the quota
 * Retry-After and a 429 RATE_LIMITED. The guard does this for Nest's routes, the docs' routes for theirs.
 */
export async function enforceRateLimit(
  limiter: RateLimiterService,
  tier: RateLimitTierName,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const decision = await limiter.consume(tier, rateLimitKeyOf(req));
  setRateLimitHeaders(reply, decision);
  if (decision.allowed) return;
  const retryAfter = retryAfterSeconds(decision);
  reply.header('Retry-After', String(retryAfter));
  throw new AppError('RATE_LIMITED', `Too many requests; retry in ${retryAfter} s.`, undefined, {
    tier,
    retry_after_seconds: retryAfter,
  });
}
