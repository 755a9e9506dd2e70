import { OutboxWriter } from '@slotline/messaging';
import { Metrics } from '@slotline/observability';
import { poolQueries, TransactionRunner } from '@slotline/persistence';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CalendarEntriesRepository } from './calendar/calendar-entries.repository';
import { Party } from './calendar/calendar-invite';
import { CalendarService } from './calendar/calendar.service';
import { EmailChannel, SmsChannel } from './delivery/channels';
import { DispatcherSettings, NotificationDispatcher } from './delivery/notification-dispatcher';
import { NotificationEventRouter } from './events/notification-event.router';
import { NotificationHistoryService } from './history/notification-history.service';
import { NotificationPlanner, PlannerSettings } from './notify/notification-planner';
import { NotificationsRepository } from './notify/notifications.repository';
import { NotificationsService } from './notify/notifications.service';
import { PreferencesRepository } from './preferences/preferences.repository';
import { PreferencesService } from './preferences/preferences.service';
import { TemplatePreviewService } from './preview/template-preview.service';
import { RecipientsRepository } from './recipients/recipients.repository';
import { TemplateRenderer } from './templates/template-renderer';
import { HostResolver } from './webhooks/ssrf-guard';
import { WebhookSettings } from './webhooks/webhooks.config';
import { composeWebhooks } from './webhooks/webhooks.composition';

export interface NotificationsInfrastructure {
  dataSource: DataSource;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  nc: NatsConnection;
  logger: Logger;
  metrics: Metrics;
  /** The service's schema (SERVICE_SCHEMAS) in the app; an integration test's PrivateSchema. Every repository takes it. */
  schema: string;
  email: EmailChannel;
  sms: SmsChannel;
  renderer: TemplateRenderer;
  planner: PlannerSettings;
  dispatcher: DispatcherSettings;
  calendar: { organizer: Party; icsEnabled: boolean; googleLinksEnabled: boolean };
  production: boolean;
  webhooks: WebhookSettings;
  /** Tests resolve webhook host names to chosen addresses. */
  resolver?: HostResolver;
  /** Tests pin the clock; production uses the system time. */
  now?: () => Date;
}

/** The object graph of the notifications service, shared by the Nest module and the integration tests. */
export function composeNotifications(infra: NotificationsInfrastructure) {
  const { dataSource, logger, metrics, renderer, schema } = infra;
  // Reads and single-statement writes outside the inbox's transactions (the dispatcher's leases and
  // outcomes, the ICS download) go straight to the pool, as TransactionRunner.read's do.
  const db = poolQueries(dataSource);
  const now = infra.now ?? (() => new Date());
  const recipients = new RecipientsRepository(db, schema);
  const preferencesRepo = new PreferencesRepository(db, schema);
  const notificationsRepo = new NotificationsRepository(db, schema);
  const planner = new NotificationPlanner({
    recipients,
    notifications: notificationsRepo,
    renderer,
    settings: infra.planner,
    now,
  });
  const calendar = new CalendarService({
    entries: new CalendarEntriesRepository(db, schema),
    recipients,
    organizer: infra.calendar.organizer,
    now,
  });
  const notifications = new NotificationsService({
    planner,
    calendar,
    recipients,
    icsEnabled: infra.calendar.icsEnabled,
    googleLinksEnabled: infra.calendar.googleLinksEnabled,
  });
  return {
    notifications,
    calendar,
    router: new NotificationEventRouter({ notifications, recipients }),
    dispatcher: new NotificationDispatcher({
      dataSource,
      notifications: notificationsRepo,
      planner,
      email: infra.email,
      sms: infra.sms,
      settings: infra.dispatcher,
      logger,
      sent: metrics.counter('notifications_sent_total', 'Notification delivery attempts by outcome', [
        'channel',
        'outcome',
        'category',
      ]),
      latency: metrics.histogram(
        'notification_delivery_latency_seconds',
        'From the domain event to the channel accepting the notification',
        ['channel'],
        [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
      ),
      failedPasses: metrics.counter(
        'notification_dispatch_failed_total',
        'Dispatcher passes that failed (the next pass retries)',
      ),
      abandoned: metrics.counter(
        'notifications_abandoned_total',
        'Notifications given up on because the outcome of their sends could not be recorded',
        ['channel'],
      ),
      now,
    }),
    history: new NotificationHistoryService(notificationsRepo),
    preferences: new PreferencesService(preferencesRepo),
    previews: new TemplatePreviewService(renderer, infra.production),
    webhooks: composeWebhooks({
      dataSource,
      tx: infra.tx,
      outbox: infra.outbox,
      nc: infra.nc,
      logger,
      metrics,
      config: infra.webhooks,
      schema,
      resolver: infra.resolver,
    }),
  };
}

export type NotificationsComposition = ReturnType<typeof composeNotifications>;
