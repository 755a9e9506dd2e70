import { DatabaseConfig, EnvBoolean } from '@slotline/config';
import { IsBoolean, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { createHash } from 'node:crypto';

/** The default retry schedule: about three days in ten attempts (seconds before each attempt). */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = '0,5,300,1800,7200,18000,36000,50400,72000,86400';

/**
 * The webhook settings (GW-8); NotificationsConfig extends it so the feature's variables live beside
 * its code. Everything has a safe local default; production refuses the development key and the
 * insecure-URL switch.
 */
export class WebhookSettings extends DatabaseConfig {
  /** AES-256-GCM key for endpoint secrets at rest: base64 of 32 random bytes (`openssl rand -base64 32`). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'WEBHOOK_SECRET_ENCRYPTION_KEY must be base64 of exactly 32 bytes',
  })
  WEBHOOK_SECRET_ENCRYPTION_KEY?: string;

  /**
   * Development only: allow http, any port and loopback addresses (a receiver on 127.0.0.1). Private,
   * link-local and metadata addresses stay refused. Production refuses it.
   */
  @EnvBoolean()
  @IsBoolean()
  WEBHOOK_ALLOW_INSECURE_URLS: boolean = false;

  /** Seconds before each attempt, comma-separated; the first is the delay of the first attempt. */
  @Matches(/^\d{1,6}(,\d{1,6}){0,19}$/, {
    message: 'WEBHOOK_RETRY_SCHEDULE_SECONDS must be 1-20 comma-separated whole seconds',
  })
  WEBHOOK_RETRY_SCHEDULE_SECONDS: string = DEFAULT_WEBHOOK_RETRY_SCHEDULE;

  /** Up to this fraction of each delay is added at random, so retries of many endpoints spread out. */
  @IsNumber()
  @Min(0)
  @Max(1)
  WEBHOOK_RETRY_JITTER: number = 0.2;

  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS: number = 15_000;

  /** An endpoint failing without a single success for this long is disabled (default 5 days). */
  @IsInt()
  @Min(1)
  WEBHOOK_DISABLE_AFTER_SECONDS: number = 5 * 24 * 3600;

  /** How often the delivery worker looks for due deliveries; 0 turns it off (tests drive it). */
  @IsInt()
  @Min(0)
  @Max(60_000)
  WEBHOOK_POLL_INTERVAL_MS: number = 250;

  @IsInt()
  @Min(1)
  @Max(500)
  WEBHOOK_BATCH_SIZE: number = 50;

  /** Requests in flight at once per replica. */
  @IsInt()
  @Min(1)
  @Max(256)
  WEBHOOK_CONCURRENCY: number = 16;

  /** Delivery attempts and delivered events are kept this long (and can be replayed within it). */
  @IsInt()
  @Min(1)
  WEBHOOK_LOG_RETENTION_DAYS: number = 30;

  /** How often the webhook log purge runs; 0 turns it off. */
  @IsInt()
  @Min(0)
  WEBHOOK_PURGE_INTERVAL_SECONDS: number = 3600;

  /** Outside production a fixed development key is derived, so local secrets survive restarts. */
  get webhookSecretKey(): Buffer {
    if (this.WEBHOOK_SECRET_ENCRYPTION_KEY) return Buffer.from(this.WEBHOOK_SECRET_ENCRYPTION_KEY, 'base64');
    return createHash('sha256').update('slotline-local-development-webhook-key').digest();
  }

  get webhookRetrySchedule(): number[] {
    return this.WEBHOOK_RETRY_SCHEDULE_SECONDS.split(',').map(Number);
  }

  override productionProblems(): string[] {
    const problems = super.productionProblems();
    if (this.isProduction && !this.WEBHOOK_SECRET_ENCRYPTION_KEY)
      problems.push(
        'WEBHOOK_SECRET_ENCRYPTION_KEY: production refuses the development key; mount 32 random bytes (base64) as a secret',
      );
    if (this.isProduction && this.WEBHOOK_ALLOW_INSECURE_URLS)
      problems.push('WEBHOOK_ALLOW_INSECURE_URLS: production delivers to public https URLs only');
    return problems;
  }
}
