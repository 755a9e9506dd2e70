import type { RateLimitDecision } from './rate-limiter.service';

/** The one call this needs, on Fastify's reply. */
interface HeaderSetter {
  header(name: string, value: string): unknown;
}

/**
 * Writes the rate-limit fields of draft-ietf-httpapi-ratelimit-headers-11 (May 2026), §3 and §4:
 *   RateLimit-Policy: "<policy>";q=<quota>;w=<window seconds>   (structured-field List of String items)
 *   RateLimit: "<policy>";r=<remaining quota>;t=<seconds of the effective window>
 * https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/
 * plus the de-facto X-RateLimit-* trio for clients that predate the draft (Reset is delta seconds, not
 * an epoch, matching `t` and Retry-After so no client depends on clock sync).
 */
export function setRateLimitHeaders(res: HeaderSetter, decision: RateLimitDecision): void {
  const { tier, limit, windowSeconds, remaining, resetSeconds } = decision;
  res.header('RateLimit-Policy', `"${tier}";q=${limit};w=${windowSeconds}`);
  res.header('RateLimit', `"${tier}";r=${remaining};t=${resetSeconds}`);
  res.header('X-RateLimit-Limit', String(limit));
  res.header('X-RateLimit-Remaining', String(remaining));
  res.header('X-RateLimit-Reset', String(resetSeconds));
}

/** Retry-After in whole seconds, never 0: the draft (§6) wants it no earlier than the window's end. */
export function retryAfterSeconds(decision: RateLimitDecision): number {
  return Math.max(1, decision.resetSeconds);
}
