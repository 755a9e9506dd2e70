import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropNotificationsTablesSql, notificationsTablesSql } from './notifications-sql';

const { schema } = SERVICE_SCHEMAS.notifications;

/** Recipients, preferences, the notification history and calendar entries (NTF-4, NTF-5, NTF-6). */
export class Notifications1764300000000 implements MigrationInterface {
  name = 'Notifications1764300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of notificationsTablesSql(schema)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropNotificationsTablesSql(schema)) await q.query(sql);
  }
}
