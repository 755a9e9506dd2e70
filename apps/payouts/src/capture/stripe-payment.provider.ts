import Stripe from 'stripe';
import type { CaptureResult } from '../domain';
import { CaptureRequest, PaymentProvider } from './payment-provider';

export interface StripeSettings {
  secretKey: string;
  /** api.stripe.com in production; the local fake in tests. */
  host: string;
  port: number;
  protocol: 'http' | 'https';
  timeoutMs: number;
}

/** Codes that no retry can fix: the payout fails with the reason. */
const FINAL_CODES = new Set([
  'balance_insufficient',
  'insufficient_funds',
  'account_invalid',
  'account_closed',
  'resource_missing',
  'transfers_not_allowed',
  'amount_too_small',
  'amount_too_large',
]);

/**
 * Transfers a payout to the provider's connected account with the official SDK. The idempotency key
 * is always the payout id: a retry after a timeout, a 5xx or a crash replays Stripe's first answer
 * instead of paying twice (the SDK would otherwise invent a random key per call). The SDK's own
 * retries are off, so every attempt is one the capture worker counted and scheduled.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly method = 'stripe' as const;
  private readonly stripe: Stripe;

  constructor(settings: StripeSettings) {
    this.stripe = new Stripe(settings.secretKey, {
      host: settings.host,
      port: settings.port,
      protocol: settings.protocol,
      timeout: settings.timeoutMs,
      maxNetworkRetries: 0,
      telemetry: false,
      appInfo: { name: 'slotline-payouts' },
    });
  }

  async capture(req: CaptureRequest): Promise<CaptureResult> {
    if (!req.destination) return { kind: 'final', reason: 'the provider has no Stripe connected account' };
    try {
      const transfer = await this.stripe.transfers.create(
        {
          amount: req.amountMinor,
          currency: req.currency.toLowerCase(),
          destination: req.destination,
          transfer_group: req.payoutId,
          metadata: { payout_id: req.payoutId },
        },
        { idempotencyKey: req.payoutId },
      );
      return { kind: 'captured', reference: transfer.id };
    } catch (err) {
      return classifyStripeError(err);
    }
  }
}

/** Retryable: the network, 5xx, 429 (rate or lock), a key still in flight. Final: what Stripe refused. */
export function classifyStripeError(err: unknown): CaptureResult {
  if (!(err instanceof Stripe.errors.StripeError)) {
    return { kind: 'retryable', reason: `unexpected error: ${(err as Error)?.message ?? String(err)}` };
  }
  const status = err.statusCode;
  const reason = [err.rawType ?? err.type, err.code, status, err.message]
    .filter((x) => x !== undefined)
    .join(': ');
  if (err instanceof Stripe.errors.StripeConnectionError) return { kind: 'retryable', reason };
  if (err instanceof Stripe.errors.StripeRateLimitError || status === 429)
    return { kind: 'retryable', reason };
  // 409: a request with this key is still running. (400 idempotency_error, the key used with other
  // parameters, is a bug of ours and falls through to final.)
  if (status === 409) return { kind: 'retryable', reason };
  if (err.code && FINAL_CODES.has(err.code)) return { kind: 'final', reason };
  if (err.code === 'lock_timeout') return { kind: 'retryable', reason };
  if (status === undefined || status >= 500) return { kind: 'retryable', reason };
  // A revoked or wrong key is ours to fix, not the payout's: keep retrying (and alerting) meanwhile.
  if (status === 401 || status === 403) return { kind: 'retryable', reason };
  return { kind: 'final', reason };
}
