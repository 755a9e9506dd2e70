/** A `Retry-After` longer than this is shortened to it, so a receiver cannot park a delivery for ever. */
export const MAX_RETRY_AFTER_SECONDS = 24 * 3600;

/** What the worker does after a failed attempt. */
export type RetryDecision = { retry: true; delaySeconds: number } | { retry: false };

export interface RetryPolicy {
  /** Seconds before attempt n+1 (index n); its length is the number of attempts. */
  schedule: readonly number[];
  /** Up to this fraction of the delay is added at random. */
  jitter: number;
  random?: () => number;
}

/**
 * After attempt number `attempt` (1-based) failed: when to try again, or give up. A `Retry-After` from
 * a 429 or 503 replaces the backoff (at most MAX_RETRY_AFTER_SECONDS).
 */
export function nextRetry(
  policy: RetryPolicy,
  attempt: number,
  statusCode: number | null,
  retryAfter: string | null,
  now: Date,
): RetryDecision {
  if (attempt >= policy.schedule.length) return { retry: false };
  if (retryAfter !== null && (statusCode === 429 || statusCode === 503)) {
    const seconds = retryAfterSeconds(retryAfter, now);
    if (seconds !== null) return { retry: true, delaySeconds: Math.min(seconds, MAX_RETRY_AFTER_SECONDS) };
  }
  const base = policy.schedule[attempt];
  const random = policy.random ?? Math.random;
  return { retry: true, delaySeconds: base + base * policy.jitter * random() };
}

/** `Retry-After` is delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(value: string, now: Date): number | null {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
