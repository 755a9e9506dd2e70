import { loadConfig } from '@slotline/config';
import { OutboxWriter } from '@slotline/messaging';
import { Metrics } from '@slotline/observability';
import { TransactionRunner } from '@slotline/persistence';
import { PrivateSchema } from '@slotline/testing';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { LoggingSmsChannel } from '../delivery/logging-sms.channel';
import { SmtpEmailChannel } from '../delivery/nodemailer-email.channel';
import { composeNotifications, NotificationsComposition } from '../notifications.composition';
import { TemplateRenderer } from '../templates/template-renderer';
import { WebhookSettings } from '../webhooks/webhooks.config';

export interface TestCompositionOptions {
  db: PrivateSchema;
  nc: NatsConnection;
  logger: Logger;
  metrics: Metrics;
  /** The SMTP server the email channel sends to (one nobody listens on, for failing sends). */
  smtpPort: number;
  now: () => Date;
  /** The dispatcher's poll; 0 (the default) leaves it to the spec's `tick` calls. */
  pollIntervalMs?: number;
}

/** Notifications a test pass sends at once, each on a connection of its own (as the service's pool). */
const TEST_BATCH_SIZE = 50;

/**
 * The service's object graph on a private schema, as the service's role: two attempts per message, a
 * one-second retry, a one-minute lease, and a dispatcher that only runs when a spec ticks it (unless
 * `pollIntervalMs` says otherwise).
 */
export function composeNotificationsForTest(o: TestCompositionOptions): NotificationsComposition {
  return composeNotifications({
    dataSource: o.db.service,
    tx: new TransactionRunner(o.db.service),
    outbox: new OutboxWriter({ schema: o.db.schema, producer: 'notifications' }),
    nc: o.nc,
    logger: o.logger,
    metrics: o.metrics,
    schema: o.db.schema,
    email: new SmtpEmailChannel({
      host: '127.0.0.1',
      port: o.smtpPort,
      secure: false,
      timeoutMs: 2000,
      maxConnections: TEST_BATCH_SIZE,
    }),
    sms: new LoggingSmsChannel(o.logger),
    renderer: new TemplateRenderer(),
    planner: { emailEnabled: true, smsEnabled: true, maxAttempts: 2, opsEmail: 'ops@example.com' },
    dispatcher: {
      from: 'Slotline <no-reply@slotline.local>',
      pollIntervalMs: o.pollIntervalMs ?? 0,
      retryBaseMs: 1000,
      retryMaxMs: 1000,
      leaseMs: 60_000,
      batchSize: TEST_BATCH_SIZE,
    },
    calendar: {
      organizer: { name: 'Slotline', email: 'no-reply@slotline.local' },
      icsEnabled: false,
      googleLinksEnabled: false,
    },
    production: false,
    webhooks: loadConfig(WebhookSettings, { WEBHOOK_POLL_INTERVAL_MS: '0' }),
    now: o.now,
  });
}
