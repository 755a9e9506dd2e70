import type { CaptureResult } from '../domain';
import { PaymentProvider } from './payment-provider';

/** Without STRIPE_SECRET_KEY: nothing moves automatically; the payout waits for an admin's settlement. */
export class ManualPaymentProvider implements PaymentProvider {
  readonly method = 'manual' as const;

  capture(): Promise<CaptureResult> {
    return Promise.resolve({ kind: 'manual' });
  }
}
