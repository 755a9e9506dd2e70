import { dropOutboxTablesSql, outboxTablesSql } from '@slotline/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsOutbox1764000000000 implements MigrationInterface {
  name = 'NotificationsOutbox1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxTablesSql('notifications')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropOutboxTablesSql('notifications')) await q.query(sql);
  }
}
