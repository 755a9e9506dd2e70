import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropPayoutsTablesSql, payoutsTablesSql } from './payouts-sql';

export class Payouts1764200000000 implements MigrationInterface {
  name = 'Payouts1764200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of payoutsTablesSql('payouts')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropPayoutsTablesSql('payouts')) await q.query(sql);
  }
}
