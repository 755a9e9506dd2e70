import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_CONFIG, LOGGER, NATS_CONNECTION } from '@slotline/bootstrap';
import { OutboxWriter } from '@slotline/messaging';
import { Metrics } from '@slotline/observability';
import { SERVICE_SCHEMAS, TransactionRunner } from '@slotline/persistence';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CalendarService } from './calendar/calendar.service';
import { NotificationsConfig } from './config/notifications.config';
import { EmailChannel } from './delivery/channels';
import { LoggingSmsChannel } from './delivery/logging-sms.channel';
import { NotificationDispatcher } from './delivery/notification-dispatcher';
import { FileEmailChannel, LogEmailChannel, SmtpEmailChannel } from './delivery/nodemailer-email.channel';
import { NotificationEventsConsumer } from './events/notification-events.consumer';
import { NotificationHistoryService } from './history/notification-history.service';
import { NotificationsController } from './notifications.controller';
import { composeNotifications, NotificationsComposition } from './notifications.composition';
import { PreferencesService } from './preferences/preferences.service';
import { TemplatePreviewService } from './preview/template-preview.service';
import { TemplateRenderer } from './templates/template-renderer';
import { WebhookEndpointsService } from './webhooks/webhook-endpoints.service';
import { WebhookEventsConsumer } from './webhooks/webhook-events.consumer';
import { WebhookJobs } from './webhooks/webhook-jobs';
import { WebhooksController } from './webhooks/webhooks.controller';

const COMPOSITION = Symbol('NOTIFICATIONS_COMPOSITION');
const { schema } = SERVICE_SCHEMAS.notifications;

const fromComposition = (
  provide: abstract new (...args: never[]) => unknown,
  pick: (c: NotificationsComposition) => unknown,
): Provider => ({ provide, inject: [COMPOSITION], useFactory: pick });

/** Notifications one dispatch pass leases and sends at once. */
const DISPATCH_BATCH_SIZE = 20;

function emailChannel(c: NotificationsConfig, logger: Logger): EmailChannel {
  switch (c.emailTransport) {
    case 'smtp':
      return new SmtpEmailChannel({
        host: c.SMTP_HOST,
        port: c.SMTP_PORT,
        secure: c.SMTP_SECURE,
        user: c.SMTP_USER,
        password: c.SMTP_PASSWORD,
        timeoutMs: c.SMTP_TIMEOUT_MS,
        // One connection per message of a pass: none waits behind another, so the lease still covers it.
        maxConnections: DISPATCH_BATCH_SIZE,
      });
    case 'file':
      return new FileEmailChannel(c.EMAIL_FILE_DIR);
    case 'log':
      return new LogEmailChannel(logger);
  }
}

/** "Name <address>" (MAIL_FROM) as the ICS organizer. */
function partyOf(mailbox: string): { name: string; email: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(mailbox);
  return m ? { name: m[1] || m[2], email: m[2] } : { name: mailbox, email: mailbox };
}

@Module({})
export class NotificationsModule {
  static register(platform: DynamicModule): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [platform],
      controllers: [NotificationsController, WebhooksController],
      providers: [
        {
          provide: COMPOSITION,
          inject: [DataSource, TransactionRunner, OutboxWriter, NATS_CONNECTION, LOGGER, Metrics, APP_CONFIG],
          useFactory: (
            dataSource: DataSource,
            tx: TransactionRunner,
            outbox: OutboxWriter,
            nc: NatsConnection,
            logger: Logger,
            metrics: Metrics,
            c: NotificationsConfig,
          ) =>
            composeNotifications({
              dataSource,
              tx,
              outbox,
              nc,
              logger,
              metrics,
              schema,
              email: emailChannel(c, logger),
              sms: new LoggingSmsChannel(logger),
              renderer: new TemplateRenderer(c.NOTIFICATIONS_TEMPLATE_DIR),
              planner: {
                emailEnabled: c.EMAIL_ENABLED,
                smsEnabled: c.SMS_ENABLED,
                maxAttempts: c.NOTIFICATIONS_MAX_ATTEMPTS,
                opsEmail: c.OPS_EMAIL,
              },
              dispatcher: {
                from: c.MAIL_FROM,
                pollIntervalMs: c.NOTIFICATIONS_POLL_INTERVAL_MS,
                retryBaseMs: c.NOTIFICATIONS_RETRY_BASE_MS,
                retryMaxMs: c.NOTIFICATIONS_RETRY_MAX_MS,
                leaseMs: Math.max(60_000, c.SMTP_TIMEOUT_MS * 4),
                batchSize: DISPATCH_BATCH_SIZE,
              },
              calendar: {
                organizer: partyOf(c.MAIL_FROM),
                icsEnabled: c.CALENDAR_ICS_ENABLED,
                googleLinksEnabled: c.CALENDAR_GOOGLE_LINKS_ENABLED,
              },
              production: c.isProduction,
              webhooks: c,
            }),
        },
        fromComposition(NotificationHistoryService, (c) => c.history),
        fromComposition(PreferencesService, (c) => c.preferences),
        fromComposition(CalendarService, (c) => c.calendar),
        fromComposition(TemplatePreviewService, (c) => c.previews),
        fromComposition(NotificationDispatcher, (c) => c.dispatcher),
        fromComposition(WebhookEndpointsService, (c) => c.webhooks.endpoints),
        fromComposition(WebhookEventsConsumer, (c) => c.webhooks.consumer),
        fromComposition(WebhookJobs, (c) => c.webhooks.jobs),
        {
          provide: NotificationEventsConsumer,
          inject: [NATS_CONNECTION, DataSource, APP_CONFIG, COMPOSITION, LOGGER, Metrics],
          useFactory: (
            nc: NatsConnection,
            dataSource: DataSource,
            c: NotificationsConfig,
            composition: NotificationsComposition,
            logger: Logger,
            metrics: Metrics,
          ) =>
            new NotificationEventsConsumer({
              nc,
              dataSource,
              schema,
              stream: c.NATS_STREAM,
              subjectPrefix: c.NATS_SUBJECT_PREFIX,
              router: composition.router,
              logger,
              metrics,
              onCommitted: () => composition.dispatcher.nudge(),
            }),
        },
      ],
    };
  }
}
