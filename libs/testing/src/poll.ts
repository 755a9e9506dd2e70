import { inspect } from 'node:util';

export interface PollOptions<T> {
  /** When the value is good enough; default: any truthy value. */
  until?: (value: T) => boolean;
  /** Default 30 s: generous, the machine running the tests is often loaded. */
  timeoutMs?: number;
  /** Pause between two probes; default 100 ms. */
  intervalMs?: number;
  /**
   * Treat a throwing probe as "not yet" and try again (a process still starting refuses connections).
   * By default the first error fails the wait at once, as a broken probe should.
   */
  retryErrors?: boolean;
}

/**
 * Calls `probe` until its value passes `until` (default: truthy), then returns that value. On timeout it
 * throws an error naming `what` was awaited, for how long, and the last value or error the probe gave.
 *
 *   const row = await pollUntil('the payout row', () => findPayout(id));
 *   const items = await pollUntil('3 audit rows', () => list(), { until: (i) => i.length >= 3 });
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T> | T,
  options: PollOptions<T> & { until: (value: T) => boolean },
): Promise<T>;
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  options?: PollOptions<T | null | undefined | false>,
): Promise<T>;
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T> | T,
  options: PollOptions<T> = {},
): Promise<T> {
  const { until = Boolean, timeoutMs = 30_000, intervalMs = 100, retryErrors = false } = options;
  const deadline = Date.now() + timeoutMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (until(value)) return value;
      last = { value };
    } catch (error) {
      if (!retryErrors) throw error;
      last = { error };
    }
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${seen(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function seen(last: { value: unknown } | { error: unknown } | undefined): string {
  if (!last) return 'the probe never answered';
  if ('error' in last)
    return `last error: ${last.error instanceof Error ? last.error.message : inspect(last.error)}`;
  return `last value: ${inspect(last.value, { depth: 4, breakLength: Infinity, maxStringLength: 500 }).slice(0, 2000)}`;
}
