import type { CaptureMethod, CaptureResult } from '../domain';

/** One payout's money to move: the payout id is the idempotency key of every attempt. */
export interface CaptureRequest {
  payoutId: string;
  amountMinor: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** The provider's Stripe connected account, or null when they have named none. */
  destination: string | null;
}

/**
 * PAY-3: the payment-provider port. An adapter never throws for an outcome it understands: it says
 * whether the money moved, may move on a retry, or will not move.
 */
export interface PaymentProvider {
  readonly method: CaptureMethod;
  capture(req: CaptureRequest): Promise<CaptureResult>;
}
