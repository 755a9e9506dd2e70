import { ensureEventsStream, inboxDeadLettersSql, outboxTablesSql } from '@slotline/messaging';
import { MIGRATOR_ROLE, SERVICE_SCHEMAS, TransactionRunner } from '@slotline/persistence';
import { randomBytes } from 'node:crypto';
import { NatsConnection, connect } from 'nats';
import { DataSource } from 'typeorm';
import { SUPERUSER_TEST_URL, TEST_DATABASE, serviceDatabaseUrl } from '../../../../test/support/test-env';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogRow } from './audit-log.row';
import { auditLogUpSql } from './audit-log.sql';
import { AuditLogService } from './audit-log.service';

const SERVICE_ROLE = SERVICE_SCHEMAS['auth-audit'].role;

function dataSource(url: string): DataSource {
  return new DataSource({ type: 'postgres', url, poolSize: 4 });
}

/**
 * A private copy of the audit log: its own schema, created exactly as in production (owned by the
 * migrator, the service role granted DML by default privileges, then the migration's revokes), its
 * own stream and subject prefix. Tests may break its chain without touching the shared `auth` one.
 */
export class AuditLogTestContext {
  readonly suffix = randomBytes(5).toString('hex');
  readonly schema = `audit_t_${this.suffix}`;
  readonly stream = `EVENTS_AUDIT_T_${this.suffix}`;
  readonly subjectPrefix = `audit_t_${this.suffix}.`;
  /** Connected as the service role, like the running app. */
  service: DataSource;
  /** Connected as `postgres`, for what only an operator (or an attacker with superuser) can do. */
  superuser: DataSource;
  nc: NatsConnection;
  repo: AuditLogRepository;

  async setUp(): Promise<void> {
    this.superuser = await dataSource(SUPERUSER_TEST_URL).initialize();
    await this.superuser.query(`CREATE SCHEMA ${this.schema} AUTHORIZATION ${MIGRATOR_ROLE}`);
    await this.superuser.query(`GRANT USAGE ON SCHEMA ${this.schema} TO ${SERVICE_ROLE}`);
    await this.superuser.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${MIGRATOR_ROLE} IN SCHEMA ${this.schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${SERVICE_ROLE}`,
    );
    const migrator = await dataSource(
      `postgres://${MIGRATOR_ROLE}@127.0.0.1:5432/${TEST_DATABASE}`,
    ).initialize();
    try {
      for (const sql of [
        ...outboxTablesSql(this.schema),
        ...inboxDeadLettersSql(this.schema),
        ...auditLogUpSql(this.schema, SERVICE_ROLE),
      ])
        await migrator.query(sql);
    } finally {
      await migrator.destroy();
    }
    this.service = await dataSource(serviceDatabaseUrl('auth-audit')).initialize();
    this.repo = new AuditLogRepository(this.schema);
    this.nc = await connect({ servers: '127.0.0.1:4222' });
    await ensureEventsStream(this.nc, { name: this.stream, subjectPrefix: this.subjectPrefix });
  }

  async tearDown(): Promise<void> {
    if (this.nc) {
      const jsm = await this.nc.jetstreamManager();
      await jsm.streams.delete(this.stream).catch(() => undefined);
      await this.nc.drain();
    }
    await this.service?.destroy();
    if (this.superuser?.isInitialized) {
      await this.superuser.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
      await this.superuser.destroy();
    }
  }

  newService(opts: { clock?: () => Date; retentionDays?: number } = {}): AuditLogService {
    return new AuditLogService({
      repo: this.repo,
      tx: new TransactionRunner(this.service),
      dataSource: this.service,
      retentionDays: opts.retentionDays ?? 365,
      clock: opts.clock,
    });
  }

  rows(): Promise<AuditLogRow[]> {
    return this.superuser.query(`SELECT * FROM ${this.schema}.audit_log ORDER BY seq`);
  }

  subject(type: string): string {
    return this.subjectPrefix + type;
  }
}

export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
