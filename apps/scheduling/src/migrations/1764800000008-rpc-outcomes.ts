import { rpcOutcomesTableSql } from '@slotline/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The answers to idempotent commands, replayed to retries with the same key (RpcOutcomes). */
export class SchedulingRpcOutcomes1764800000008 implements MigrationInterface {
  name = 'SchedulingRpcOutcomes1764800000008';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of rpcOutcomesTableSql('scheduling')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE scheduling.rpc_outcomes');
  }
}
