import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropNotificationLeasesSql, notificationLeasesSql } from './notification-leases-sql';

const { schema } = SERVICE_SCHEMAS.notifications;

/** Counts each notification's leases, so a send whose outcome cannot be recorded is not repeated forever. */
export class NotificationLeases1764900000080 implements MigrationInterface {
  name = 'NotificationLeases1764900000080';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of notificationLeasesSql(schema)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropNotificationLeasesSql(schema)) await q.query(sql);
  }
}
