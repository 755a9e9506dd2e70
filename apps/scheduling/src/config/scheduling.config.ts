import { DatabaseConfig } from '@slotline/config';

export class SchedulingConfig extends DatabaseConfig {
  override HTTP_PORT: number = 3002;
  override DATABASE_URL: string = 'postgres://slotline_scheduling@127.0.0.1:5432/slotline';
}
