import { inboxDeadLettersSql, outboxTablesSql } from '@slotline/messaging';
import { NotificationsOutbox1764000000000 } from './1764000000000-outbox';
import { Notifications1764300000000 } from './1764300000000-notifications';
import { NotificationsWebhooks1764300000000 } from './1764300000000-webhooks';
import { NotificationsInboxDeadLetters1764900000070 } from './1764900000070-inbox-dead-letters';
import { NotificationLeases1764900000080 } from './1764900000080-notification-leases';
import { NotificationVisits1764900000090 } from './1764900000090-notification-visits';
import { notificationLeasesSql } from './notification-leases-sql';
import { notificationVisitsSql } from './notification-visits-sql';
import { notificationsTablesSql } from './notifications-sql';
import { webhooksUpSql } from './webhooks-sql';

export const NOTIFICATIONS_MIGRATIONS = [
  NotificationsOutbox1764000000000,
  Notifications1764300000000,
  NotificationsWebhooks1764300000000,
  NotificationsInboxDeadLetters1764900000070,
  NotificationLeases1764900000080,
  NotificationVisits1764900000090,
];

/**
 * What NOTIFICATIONS_MIGRATIONS run, in their order, as statements for `schema`: integration tests
 * provision a private schema with them (PrivateSchema), as the migrator provisions `notifications`.
 */
export function notificationsMigrationsSql(schema: string): string[] {
  return [
    ...outboxTablesSql(schema),
    ...notificationsTablesSql(schema),
    ...webhooksUpSql(schema),
    ...inboxDeadLettersSql(schema),
    ...notificationLeasesSql(schema),
    ...notificationVisitsSql(schema),
  ];
}
