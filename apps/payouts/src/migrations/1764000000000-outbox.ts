import { dropOutboxTablesSql, outboxTablesSql } from '@slotline/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class PayoutsOutbox1764000000000 implements MigrationInterface {
  name = 'PayoutsOutbox1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxTablesSql('payouts')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropOutboxTablesSql('payouts')) await q.query(sql);
  }
}
