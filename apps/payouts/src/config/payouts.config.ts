import { DatabaseConfig } from '@slotline/config';
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';

export class PayoutsConfig extends DatabaseConfig {
  override HTTP_PORT: number = 3004;
  override DATABASE_URL: string = 'postgres://slotline_payouts@127.0.0.1:5432/slotline';

  /** Set: approved payouts are transferred through Stripe. Empty: manual settlement by an admin. */
  @IsString()
  STRIPE_SECRET_KEY: string = '';

  /** Where the Stripe SDK sends requests (the local fake in tests). */
  @IsString()
  STRIPE_API_HOST: string = 'api.stripe.com';

  @IsInt()
  @Min(1)
  @Max(65535)
  STRIPE_API_PORT: number = 443;

  @IsIn(['http', 'https'])
  STRIPE_API_PROTOCOL: string = 'https';

  /** One Stripe call's timeout; a timed-out transfer is retried with the same idempotency key. */
  @IsInt()
  @Min(100)
  STRIPE_TIMEOUT_MS: number = 20_000;

  /** How often the capture worker looks for approved payouts; 0 turns it off. */
  @IsInt()
  @Min(0)
  PAYOUT_CAPTURE_INTERVAL_MS: number = 1_000;

  /** Attempts before a retryable failure fails the payout (well within Stripe's 24 h key lifetime). */
  @IsInt()
  @Min(1)
  @Max(50)
  PAYOUT_CAPTURE_MAX_ATTEMPTS: number = 8;

  /** Backoff: the first retry after this, doubling up to PAYOUT_CAPTURE_MAX_DELAY_MS. */
  @IsInt()
  @Min(10)
  PAYOUT_CAPTURE_BASE_DELAY_MS: number = 5_000;

  @IsInt()
  @Min(10)
  PAYOUT_CAPTURE_MAX_DELAY_MS: number = 600_000;

  /** How long a worker owns a payout it is capturing; must exceed STRIPE_TIMEOUT_MS. */
  @IsInt()
  @Min(1000)
  PAYOUT_CAPTURE_LEASE_MS: number = 60_000;

  override productionProblems(): string[] {
    const problems = super.productionProblems();
    if (this.PAYOUT_CAPTURE_LEASE_MS <= this.STRIPE_TIMEOUT_MS) {
      problems.push('PAYOUT_CAPTURE_LEASE_MS: must be longer than STRIPE_TIMEOUT_MS');
    }
    if (this.isProduction && this.STRIPE_SECRET_KEY.startsWith('sk_test_')) {
      problems.push('STRIPE_SECRET_KEY: production refuses a test-mode key');
    }
    return problems;
  }
}
