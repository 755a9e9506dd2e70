import { dropInboxDeadLettersSql, inboxDeadLettersSql } from '@slotline/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsInboxDeadLetters1764900000070 implements MigrationInterface {
  name = 'NotificationsInboxDeadLetters1764900000070';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of inboxDeadLettersSql('notifications')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropInboxDeadLettersSql('notifications')) await q.query(sql);
  }
}
