import { backoffMs, nextStep, RetryPolicy } from './capture-policy';

const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 5000,
  ...overrides,
});

describe('capture policy', () => {
  it('doubles the delay after each attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy()))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('retries a retryable failure until the last attempt, then fails with the last reason', () => {
    const result = { kind: 'retryable', reason: 'stripe 503' } as const;
    expect(nextStep(result, 1, policy())).toEqual({ kind: 'retry', delayMs: 1000, reason: 'stripe 503' });
    expect(nextStep(result, 4, policy())).toEqual({
      kind: 'failed',
      reason: 'gave up after 4 attempts: stripe 503',
    });
  });

  it('fails a final failure at once, and passes captures and manual settlement through', () => {
    expect(nextStep({ kind: 'final', reason: 'balance_insufficient' }, 1, policy())).toEqual({
      kind: 'failed',
      reason: 'balance_insufficient',
    });
    expect(nextStep({ kind: 'captured', reference: 'tr_1' }, 2, policy())).toEqual({
      kind: 'captured',
      reference: 'tr_1',
    });
    expect(nextStep({ kind: 'manual' }, 1, policy())).toEqual({ kind: 'manual' });
  });
});
