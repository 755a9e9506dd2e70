import { DatabaseConfig } from '@slotline/config';

export class PayoutsConfig extends DatabaseConfig {
  override HTTP_PORT: number = 3004;
  override DATABASE_URL: string = 'postgres://slotline_payouts@127.0.0.1:5432/slotline';
}
