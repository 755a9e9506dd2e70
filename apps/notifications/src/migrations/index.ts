import { NotificationsOutbox1764000000000 } from './1764000000000-outbox';

export const NOTIFICATIONS_MIGRATIONS = [NotificationsOutbox1764000000000];
