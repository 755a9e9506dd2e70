import { OutboxWriter } from '@slotline/messaging';
import { SecretBox, SERVICE_SCHEMAS, TransactionRunner } from '@slotline/persistence';
import type { NatsConnection } from 'nats';
import type { Metrics } from '@slotline/observability';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { FailureThrottle } from './accounts/failure-throttle';
import { PasswordHasher } from './accounts/password-hasher';
import { ProfileService } from './accounts/profile.service';
import { AuditEventsConsumer } from './audit/audit-events.consumer';
import { AuditLogRepository } from './audit/audit-log.repository';
import { AuditLogService } from './audit/audit-log.service';
import { AuditRetentionJob } from './audit/audit-retention.job';
import { AuthAuditConfig } from './config/auth-audit.config';
import { RolesService } from './roles/roles.service';
import { ActorCheck } from './sessions/actor-check';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsService } from './sessions/sessions.service';
import { RefreshService } from './tokens/refresh.service';
import { SigningKeys } from './tokens/signing-keys';
import { TokenIssuer } from './tokens/token-issuer';
import { Totp } from './two-factor/totp';
import { TwoFactorRepository } from './two-factor/two-factor.repository';
import { TwoFactorService } from './two-factor/two-factor.service';

/** The settings the object graph reads; a subset of AuthAuditConfig so tests can pass plain values. */
export type AuthAuditSettings = Pick<
  AuthAuditConfig,
  | 'AUTH_JWT_PRIVATE_JWKS'
  | 'devSigningKeyFile'
  | 'ACCESS_TOKEN_TTL_SECONDS'
  | 'REFRESH_TOKEN_TTL_SECONDS'
  | 'ARGON2_MEMORY_KIB'
  | 'ARGON2_ITERATIONS'
  | 'LOGIN_THROTTLE_WINDOW_SECONDS'
  | 'loginMaxFailuresPerAccount'
  | 'loginMaxFailuresPerIp'
  | 'requireAdmin2fa'
  | 'AUTH_TOTP_ISSUER'
  | 'totpEncryptionKey'
  | 'TOTP_MAX_FAILURES'
  | 'AUDIT_RETENTION_DAYS'
  | 'AUDIT_PURGE_INTERVAL_SECONDS'
  | 'NATS_STREAM'
  | 'NATS_STREAM_REPLICAS'
  | 'NATS_SUBJECT_PREFIX'
>;

export interface AuthAuditInfrastructure {
  dataSource: DataSource;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  nc: NatsConnection;
  logger: Logger;
  /** Counts the audit consumer's dead letters; optional for tests that do not read metrics. */
  metrics?: Metrics;
  settings: AuthAuditSettings;
  /** The service's schema (SERVICE_SCHEMAS); integration tests may pass a private one. */
  schema?: string;
}

/** The object graph of the auth-audit service, shared by the Nest module and the integration tests. */
export async function composeAuthAudit(infra: AuthAuditInfrastructure) {
  const { dataSource, tx, outbox, logger, settings: s } = infra;
  const schema = infra.schema ?? SERVICE_SCHEMAS['auth-audit'].schema;
  const signingKeys = await SigningKeys.fromConfig(s.AUTH_JWT_PRIVATE_JWKS, s.devSigningKeyFile);
  const issuer = new TokenIssuer(signingKeys, s.ACCESS_TOKEN_TTL_SECONDS);
  const hasher = new PasswordHasher({ memoryKib: s.ARGON2_MEMORY_KIB, iterations: s.ARGON2_ITERATIONS });
  const accounts = new AccountsRepository(dataSource, schema);
  const sessions = new SessionsRepository(dataSource, schema);
  const failures = new FailureThrottle(accounts, s.LOGIN_THROTTLE_WINDOW_SECONDS);
  const actors = new ActorCheck(sessions, accounts, s.requireAdmin2fa);
  const refreshTtlSeconds = s.REFRESH_TOKEN_TTL_SECONDS;
  const auditLog = new AuditLogService({
    repo: new AuditLogRepository(schema),
    tx,
    retentionDays: s.AUDIT_RETENTION_DAYS,
  });
  return {
    signingKeys,
    accounts: new AccountsService({
      repo: accounts,
      sessions,
      tx,
      outbox,
      hasher,
      issuer,
      failures,
      refreshTtlSeconds,
      requireAdmin2fa: s.requireAdmin2fa,
      throttle: { maxPerAccount: s.loginMaxFailuresPerAccount, maxPerIp: s.loginMaxFailuresPerIp },
    }),
    profile: new ProfileService({ repo: accounts, tx, outbox }),
    sessions: new SessionsService({ sessions, accounts, actors, tx, outbox, refreshTtlSeconds }),
    refresh: new RefreshService({ sessions, accounts, tx, outbox, issuer, refreshTtlSeconds }),
    twoFactor: new TwoFactorService({
      repo: new TwoFactorRepository(schema),
      accounts,
      sessions,
      actors,
      tx,
      outbox,
      issuer,
      failures,
      totp: new Totp(s.AUTH_TOTP_ISSUER),
      box: new SecretBox(s.totpEncryptionKey),
      maxFailures: s.TOTP_MAX_FAILURES,
      refreshTtlSeconds,
    }),
    roles: new RolesService({ accounts, actors, tx, outbox }),
    auditLog,
    auditConsumer: new AuditEventsConsumer({
      nc: infra.nc,
      dataSource,
      schema,
      stream: s.NATS_STREAM,
      streamReplicas: s.NATS_STREAM_REPLICAS,
      subjectPrefix: s.NATS_SUBJECT_PREFIX,
      service: auditLog,
      logger,
      metrics: infra.metrics,
    }),
    auditRetention: new AuditRetentionJob(auditLog, s.AUDIT_PURGE_INTERVAL_SECONDS, logger),
  };
}

export type AuthAuditComposition = Awaited<ReturnType<typeof composeAuthAudit>>;
