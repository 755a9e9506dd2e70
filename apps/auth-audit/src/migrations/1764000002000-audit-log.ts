import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { auditLogDownSql, auditLogUpSql } from '../audit/audit-log.sql';

const { schema, role } = SERVICE_SCHEMAS['auth-audit'];

/** The append-only, hash-chained audit log (AUTH-7), its purge checkpoints and purge function. */
export class AuditLog1764000002000 implements MigrationInterface {
  name = 'AuditLog1764000002000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of auditLogUpSql(schema, role)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of auditLogDownSql(schema)) await q.query(sql);
  }
}
