import { dropInboxDeadLettersSql, inboxDeadLettersSql } from '@slotline/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class PayoutsInboxDeadLetters1764900000070 implements MigrationInterface {
  name = 'PayoutsInboxDeadLetters1764900000070';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of inboxDeadLettersSql('payouts')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropInboxDeadLettersSql('payouts')) await q.query(sql);
  }
}
