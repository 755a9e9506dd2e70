import { NotificationsOutbox1764000000000 } from './1764000000000-outbox';
import { Notifications1764300000000 } from './1764300000000-notifications';
import { NotificationsWebhooks1764300000000 } from './1764300000000-webhooks';
import { NotificationsInboxDeadLetters1764900000070 } from './1764900000070-inbox-dead-letters';

export const NOTIFICATIONS_MIGRATIONS = [
  NotificationsOutbox1764000000000,
  Notifications1764300000000,
  NotificationsWebhooks1764300000000,
  NotificationsInboxDeadLetters1764900000070,
];
