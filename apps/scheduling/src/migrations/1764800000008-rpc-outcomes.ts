import { rpcOutcomesTableSql } from '@slotline/messaging';
import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

const S = SERVICE_SCHEMAS.scheduling.schema;

/** The answers to idempotent commands, replayed to retries with the same key (RpcOutcomes). */
export class SchedulingRpcOutcomes1764800000008 implements MigrationInterface {
  name = 'SchedulingRpcOutcomes1764800000008';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of rpcOutcomesTableSql(S)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.rpc_outcomes`);
  }
}
