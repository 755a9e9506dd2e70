import { DynamicModule, InjectionToken, Module, Provider } from '@nestjs/common';
import { APP_CONFIG, LOGGER, NATS_CONNECTION } from '@slotline/bootstrap';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsService } from './accounts/accounts.service';
import { ProfileService } from './accounts/profile.service';
import { AuditEventsConsumer } from './audit/audit-events.consumer';
import { AuditLogController } from './audit/audit-log.controller';
import { AuditLogService } from './audit/audit-log.service';
import { AuditRetentionJob } from './audit/audit-retention.job';
import { AuthAuditComposition, composeAuthAudit } from './auth-audit.composition';
import { AuthAuditConfig } from './config/auth-audit.config';
import { RolesController } from './roles/roles.controller';
import { RolesService } from './roles/roles.service';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { JwksController } from './tokens/jwks.controller';
import { RefreshController } from './tokens/refresh.controller';
import { RefreshService } from './tokens/refresh.service';
import { SigningKeys } from './tokens/signing-keys';
import { TwoFactorController } from './two-factor/two-factor.controller';
import { TwoFactorService } from './two-factor/two-factor.service';

const COMPOSITION = Symbol('AUTH_AUDIT_COMPOSITION');

const fromComposition = (provide: InjectionToken, pick: (c: AuthAuditComposition) => unknown): Provider => ({
  provide,
  inject: [COMPOSITION],
  useFactory: pick,
});

@Module({})
export class AuthAuditModule {
  static register(platform: DynamicModule): DynamicModule {
    return {
      module: AuthAuditModule,
      imports: [platform],
      controllers: [
        AccountsController,
        JwksController,
        RefreshController,
        SessionsController,
        TwoFactorController,
        RolesController,
        AuditLogController,
      ],
      providers: [
        {
          provide: COMPOSITION,
          inject: [DataSource, TransactionRunner, OutboxWriter, NATS_CONNECTION, LOGGER, APP_CONFIG],
          useFactory: (
            dataSource: DataSource,
            tx: TransactionRunner,
            outbox: OutboxWriter,
            nc: NatsConnection,
            logger: Logger,
            settings: AuthAuditConfig,
          ) => composeAuthAudit({ dataSource, tx, outbox, nc, logger, settings }),
        },
        fromComposition(SigningKeys, (c) => c.signingKeys),
        fromComposition(AccountsService, (c) => c.accounts),
        fromComposition(ProfileService, (c) => c.profile),
        fromComposition(SessionsService, (c) => c.sessions),
        fromComposition(RefreshService, (c) => c.refresh),
        fromComposition(TwoFactorService, (c) => c.twoFactor),
        fromComposition(RolesService, (c) => c.roles),
        fromComposition(AuditLogService, (c) => c.auditLog),
        fromComposition(AuditEventsConsumer, (c) => c.auditConsumer),
        fromComposition(AuditRetentionJob, (c) => c.auditRetention),
      ],
    };
  }
}
