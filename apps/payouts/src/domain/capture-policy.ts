/** What one attempt to move a payout's money ended with (the payment-provider port's answer). */
export type CaptureResult =
  | { kind: 'captured'; reference: string }
  /** The money did not move and trying again may work (network, 5xx, 429, a lock or key in use). */
  | { kind: 'retryable'; reason: string }
  /** The money did not move and will not by retrying (insufficient balance, invalid account). */
  | { kind: 'final'; reason: string }
  /** No automatic capture: an admin settles by hand and records a reference. */
  | { kind: 'manual' };

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What the worker does with the payout after an attempt. */
export type CaptureStep =
  | { kind: 'captured'; reference: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'manual' }
  | { kind: 'retry'; delayMs: number; reason: string };

/** Delay before attempt `attempt + 1`: exponential from the base, capped. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** PAY-3: `attempt` counts this one (1 = first). A retryable failure on the last attempt fails the payout. */
export function nextStep(result: CaptureResult, attempt: number, policy: RetryPolicy): CaptureStep {
  switch (result.kind) {
    case 'captured':
      return { kind: 'captured', reference: result.reference };
    case 'manual':
      return { kind: 'manual' };
    case 'final':
      return { kind: 'failed', reason: result.reason };
    case 'retryable':
      if (attempt >= policy.maxAttempts)
        return { kind: 'failed', reason: `gave up after ${attempt} attempts: ${result.reason}` };
      return { kind: 'retry', delayMs: backoffMs(attempt, policy), reason: result.reason };
    default:
      return assertUnreachable(result);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unexpected capture result ${JSON.stringify(value)}`);
}
