import { dropOutboxTablesSql, outboxTablesSql } from '@slotline/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class SchedulingOutbox1764000000000 implements MigrationInterface {
  name = 'SchedulingOutbox1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxTablesSql('scheduling')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropOutboxTablesSql('scheduling')) await q.query(sql);
  }
}
