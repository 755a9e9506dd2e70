import { EnvBoolean } from '@slotline/config';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { WebhookSettings } from '../webhooks/webhooks.config';

export const EMAIL_TRANSPORTS = ['smtp', 'log', 'file'] as const;
export type EmailTransportName = (typeof EMAIL_TRANSPORTS)[number];

export class NotificationsConfig extends WebhookSettings {
  override HTTP_PORT: number = 3003;
  override DATABASE_URL: string = 'postgres://slotline_notifications@127.0.0.1:5432/slotline';

  // ── Notifications and reminders (NTF-1 … NTF-7; docs/notifications.md) ──

  /** Email channel on/off. */
  @EnvBoolean()
  @IsBoolean()
  EMAIL_ENABLED: boolean = true;

  /** smtp: a real server (production); log: one log line per email; file: .eml files in EMAIL_FILE_DIR. */
  @IsIn(EMAIL_TRANSPORTS)
  @IsOptional()
  EMAIL_TRANSPORT?: EmailTransportName;

  @IsString()
  EMAIL_FILE_DIR: string = '.tmp/mail';

  @IsString()
  SMTP_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT: number = 1025;

  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  @EnvBoolean()
  @IsBoolean()
  SMTP_SECURE: boolean = false;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASSWORD?: string;

  /** Connection, greeting and socket timeout of one SMTP attempt. */
  @IsInt()
  @Min(100)
  SMTP_TIMEOUT_MS: number = 10000;

  @IsString()
  MAIL_FROM: string = 'Slotline <no-reply@slotline.local>';

  /** Where ops notifications (an assignment rejected after acceptance, SCH-10) go. */
  @IsEmail()
  OPS_EMAIL: string = 'ops@slotline.local';

  /** SMS channel on/off; the provider is the logging adapter unless one is configured. */
  @EnvBoolean()
  @IsBoolean()
  SMS_ENABLED: boolean = true;

  @IsIn(['log'])
  SMS_PROVIDER = 'log' as const;

  /** Attempts per channel before it fails for good (and the fallback channel takes over). */
  @IsInt()
  @Min(1)
  @Max(20)
  NOTIFICATIONS_MAX_ATTEMPTS: number = 5;

  /** First retry delay; each further one doubles (with jitter), up to NOTIFICATIONS_RETRY_MAX_MS. */
  @IsInt()
  @Min(10)
  NOTIFICATIONS_RETRY_BASE_MS: number = 5000;

  @IsInt()
  @Min(10)
  NOTIFICATIONS_RETRY_MAX_MS: number = 15 * 60_000;

  /** How often each replica looks for notifications due to be sent; 0 turns the dispatcher off. */
  @IsInt()
  @Min(0)
  NOTIFICATIONS_POLL_INTERVAL_MS: number = 500;

  @EnvBoolean()
  @IsBoolean()
  CALENDAR_ICS_ENABLED: boolean = true;

  @EnvBoolean()
  @IsBoolean()
  CALENDAR_GOOGLE_LINKS_ENABLED: boolean = true;

  /** Folder of the template files; found next to the app when unset. */
  @IsOptional()
  @IsString()
  NOTIFICATIONS_TEMPLATE_DIR?: string;

  get emailTransport(): EmailTransportName {
    return this.EMAIL_TRANSPORT ?? (this.isProduction ? 'smtp' : 'log');
  }

  override productionProblems(): string[] {
    const problems = super.productionProblems();
    if (this.isProduction && this.EMAIL_ENABLED && this.emailTransport !== 'smtp') {
      problems.push('EMAIL_TRANSPORT: production sends email over smtp (or set EMAIL_ENABLED=false)');
    }
    return problems;
  }
}
