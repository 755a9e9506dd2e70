import { AuditVerifyResult } from '@slotline/contracts';
import { ensureEventsStream, inboxDeadLettersSql, outboxTablesSql } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import { randomBytes } from 'node:crypto';
import { NatsConnection, connect } from 'nats';
import { DataSource } from 'typeorm';
import { PrivateSchema, pollUntil } from '@slotline/testing';
import { SUPERUSER_TEST_URL } from '../../../../test/support/test-env';
import { verifyAuditChain } from './audit-chain.verifier';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogRow } from './audit-log.row';
import { auditLogUpSql } from './audit-log.sql';
import { AuditLogService } from './audit-log.service';

/**
 * A private copy of the audit log: its own schema, created exactly as in production (owned by the
 * migrator, the service role granted DML by default privileges, then the migration's revokes), its
 * own stream and subject prefix. Tests may break its chain without touching the shared `auth` one.
 */
export class AuditLogTestContext {
  readonly suffix = randomBytes(5).toString('hex');
  /** Provisioned as production provisions `auth`: migrator-owned, the service role granted DML. */
  schema: string;
  private db: PrivateSchema;
  readonly stream = `EVENTS_AUDIT_T_${this.suffix}`;
  readonly subjectPrefix = `audit_t_${this.suffix}.`;
  /** Connected as the service role, like the running app. */
  service: DataSource;
  /** Connected as `postgres`, for what only an operator (or an attacker with superuser) can do. */
  superuser: DataSource;
  nc: NatsConnection;
  repo: AuditLogRepository;

  async setUp(): Promise<void> {
    this.db = await PrivateSchema.create({
      service: 'auth-audit',
      superuserUrl: SUPERUSER_TEST_URL,
      prefix: 'audit_t',
      migrations: (schema, role) => [
        ...outboxTablesSql(schema),
        ...inboxDeadLettersSql(schema),
        ...auditLogUpSql(schema, role),
      ],
    });
    this.schema = this.db.schema;
    this.service = this.db.service;
    this.superuser = this.db.superuser;
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
    await this.db?.drop();
  }

  newService(opts: { clock?: () => Date; retentionDays?: number } = {}): AuditLogService {
    return new AuditLogService({
      repo: this.repo,
      tx: new TransactionRunner(this.service),
      retentionDays: opts.retentionDays ?? 365,
      clock: opts.clock,
    });
  }

  verifyChain(): Promise<AuditVerifyResult> {
    return verifyAuditChain(new TransactionRunner(this.service), this.repo);
  }

  rows(): Promise<AuditLogRow[]> {
    return this.superuser.query(`SELECT * FROM ${this.schema}.audit_log ORDER BY seq`);
  }

  subject(type: string): string {
    return this.subjectPrefix + type;
  }
}

/** `pollUntil` with this file's callers' argument order: the check first, every 25 ms, 15 s by default. */
export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  await pollUntil(what, check, { timeoutMs, intervalMs: 25 });
}
