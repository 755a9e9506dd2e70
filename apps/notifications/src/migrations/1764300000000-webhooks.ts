import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { webhooksDownSql, webhooksUpSql } from './webhooks-sql';

const { schema } = SERVICE_SCHEMAS.notifications;

/** Webhook endpoints, the events they get, deliveries and the per-attempt log (GW-8). */
export class NotificationsWebhooks1764300000000 implements MigrationInterface {
  name = 'NotificationsWebhooks1764300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of webhooksUpSql(schema)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of webhooksDownSql(schema)) await q.query(sql);
  }
}
