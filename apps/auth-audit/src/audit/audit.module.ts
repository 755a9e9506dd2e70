import { Module } from '@nestjs/common';
import { APP_CONFIG, LOGGER, NATS_CONNECTION } from '@slotline/bootstrap';
import { SERVICE_SCHEMAS, TransactionRunner } from '@slotline/persistence';
import { Metrics } from '@slotline/observability';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuthAuditConfig } from '../config/auth-audit.config';
import { AuditEventsConsumer } from './audit-events.consumer';
import { AuditLogController } from './audit-log.controller';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogService } from './audit-log.service';
import { AuditRetentionJob } from './audit-retention.job';

const { schema } = SERVICE_SCHEMAS['auth-audit'];

/** The audit log slice (AUTH-7); the platform's providers (DataSource, NATS, config) are global. */
@Module({
  controllers: [AuditLogController],
  providers: [
    { provide: AuditLogRepository, useFactory: () => new AuditLogRepository(schema) },
    {
      provide: AuditLogService,
      inject: [AuditLogRepository, TransactionRunner, DataSource, APP_CONFIG],
      useFactory: (
        repo: AuditLogRepository,
        tx: TransactionRunner,
        dataSource: DataSource,
        c: AuthAuditConfig,
      ) => new AuditLogService({ repo, tx, dataSource, retentionDays: c.AUDIT_RETENTION_DAYS }),
    },
    {
      provide: AuditEventsConsumer,
      inject: [NATS_CONNECTION, DataSource, APP_CONFIG, AuditLogService, LOGGER, Metrics],
      useFactory: (
        nc: NatsConnection,
        dataSource: DataSource,
        c: AuthAuditConfig,
        service: AuditLogService,
        logger: Logger,
        metrics: Metrics,
      ) =>
        new AuditEventsConsumer({
          nc,
          dataSource,
          schema,
          stream: c.NATS_STREAM,
          streamReplicas: c.NATS_STREAM_REPLICAS,
          subjectPrefix: c.NATS_SUBJECT_PREFIX,
          service,
          logger,
          metrics,
        }),
    },
    {
      provide: AuditRetentionJob,
      inject: [AuditLogService, APP_CONFIG, LOGGER],
      useFactory: (service: AuditLogService, c: AuthAuditConfig, logger: Logger) =>
        new AuditRetentionJob(service, c.AUDIT_PURGE_INTERVAL_SECONDS, logger),
    },
  ],
})
export class AuditModule {}
