import { WebhookSettings } from '../webhooks/webhooks.config';

export class NotificationsConfig extends WebhookSettings {
  override HTTP_PORT: number = 3003;
  override DATABASE_URL: string = 'postgres://slotline_notifications@127.0.0.1:5432/slotline';
}
