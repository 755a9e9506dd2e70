import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropNotificationVisitsSql, notificationVisitsSql } from './notification-visits-sql';

const { schema } = SERVICE_SCHEMAS.notifications;

/** Ties each notification to the visit it is about, so a cancellation withdraws the visit's waiting ones. */
export class NotificationVisits1764900000090 implements MigrationInterface {
  name = 'NotificationVisits1764900000090';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of notificationVisitsSql(schema)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropNotificationVisitsSql(schema)) await q.query(sql);
  }
}
