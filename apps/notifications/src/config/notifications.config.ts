import { DatabaseConfig } from '@slotline/config';

export class NotificationsConfig extends DatabaseConfig {
  override HTTP_PORT: number = 3003;
  override DATABASE_URL: string = 'postgres://slotline_notifications@127.0.0.1:5432/slotline';
}
