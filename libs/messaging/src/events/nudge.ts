export interface NudgeOptions {
  /** One pass of the work; it reports its own failures and never rejects. */
  pass: () => Promise<unknown>;
  /** The pass in progress, if any (a poll may have started it). */
  inPass: () => Promise<unknown> | null | undefined;
  /** How long after a nudge its pass starts: the nudges of a burst share one pass. Default 20 ms. */
  delayMs?: number;
}

/**
 * Runs a background worker's pass soon after something was queued for it, instead of at its next poll
 * (the notification dispatcher and the webhook deliveries, nudged once an event's transaction has
 * committed: `whenCommitted`). Nudges within `delayMs` share one pass. A nudge that comes while a pass
 * runs gets one more pass right after it, since that pass may have read before the nudging commit. The
 * poll stays the fallback: a nudge lost to a crash costs latency, never work. The outbox relay has its
 * own wake-up, folded into its poll timer (`OutboxRelay.wake`).
 */
export class Nudge {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly delayMs: number;

  constructor(private readonly o: NudgeOptions) {
    this.delayMs = o.delayMs ?? 20;
    if (!Number.isFinite(this.delayMs) || this.delayMs < 0)
      throw new RangeError(`Invalid nudge delay ${this.delayMs}`);
  }

  nudge(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.passAfterCurrent();
    }, this.delayMs);
    this.timer.unref();
  }

  /** A pass now, or as soon as the one in progress ends: the nudges that came during it are its burst. */
  private passAfterCurrent(): void {
    if (this.stopped) return;
    const current = this.o.inPass();
    if (current) void current.finally(() => this.passAfterCurrent());
    else void this.o.pass();
  }

  /** No pass starts after this (shutdown); one already started is the caller's to await. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
