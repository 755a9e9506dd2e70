import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@slotline/bootstrap';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import { DataSource } from 'typeorm';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { FailureThrottle } from './accounts/failure-throttle';
import { ProfileService } from './accounts/profile.service';
import { PasswordHasher } from './accounts/password-hasher';
import { AuditModule } from './audit/audit.module';
import { AuthAuditConfig } from './config/auth-audit.config';
import { RolesController } from './roles/roles.controller';
import { ROLES_PROVIDERS } from './roles/roles.providers';
import { SessionsController } from './sessions/sessions.controller';
import { SESSIONS_PROVIDERS } from './sessions/sessions.providers';
import { TwoFactorController } from './two-factor/two-factor.controller';
import { TWO_FACTOR_PROVIDERS } from './two-factor/two-factor.providers';
import { JwksController } from './tokens/jwks.controller';
import { RefreshController } from './tokens/refresh.controller';
import { REFRESH_PROVIDERS } from './tokens/refresh.providers';
import { SigningKeys } from './tokens/signing-keys';
import { TokenIssuer } from './tokens/token-issuer';

@Module({})
export class AuthAuditModule {
  static register(platform: DynamicModule): DynamicModule {
    return {
      module: AuthAuditModule,
      imports: [platform, AuditModule],
      controllers: [
        AccountsController,
        JwksController,
        RefreshController,
        SessionsController,
        TwoFactorController,
        RolesController,
      ],
      providers: [
        {
          provide: SigningKeys,
          inject: [APP_CONFIG],
          useFactory: (c: AuthAuditConfig) =>
            SigningKeys.fromConfig(c.AUTH_JWT_PRIVATE_JWKS, c.devSigningKeyFile),
        },
        {
          provide: TokenIssuer,
          inject: [SigningKeys, APP_CONFIG],
          useFactory: (keys: SigningKeys, c: AuthAuditConfig) =>
            new TokenIssuer(keys, c.ACCESS_TOKEN_TTL_SECONDS),
        },
        {
          provide: PasswordHasher,
          inject: [APP_CONFIG],
          useFactory: (c: AuthAuditConfig) =>
            new PasswordHasher({ memoryKib: c.ARGON2_MEMORY_KIB, iterations: c.ARGON2_ITERATIONS }),
        },
        {
          provide: AccountsRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new AccountsRepository(ds),
        },
        {
          provide: ProfileService,
          inject: [AccountsRepository, TransactionRunner, OutboxWriter],
          useFactory: (repo: AccountsRepository, tx: TransactionRunner, outbox: OutboxWriter) =>
            new ProfileService({ repo, tx, outbox }),
        },
        {
          provide: FailureThrottle,
          inject: [AccountsRepository, APP_CONFIG],
          useFactory: (repo: AccountsRepository, c: AuthAuditConfig) =>
            new FailureThrottle(repo, c.LOGIN_THROTTLE_WINDOW_SECONDS),
        },
        {
          provide: AccountsService,
          inject: [
            AccountsRepository,
            TransactionRunner,
            OutboxWriter,
            PasswordHasher,
            TokenIssuer,
            FailureThrottle,
            APP_CONFIG,
          ],
          useFactory: (repo, tx, outbox, hasher, issuer, failures, c: AuthAuditConfig) =>
            new AccountsService({
              repo,
              tx,
              outbox,
              hasher,
              issuer,
              failures,
              refreshTtlSeconds: c.REFRESH_TOKEN_TTL_SECONDS,
              requireAdmin2fa: c.requireAdmin2fa,
              throttle: {
                maxPerAccount: c.loginMaxFailuresPerAccount,
                maxPerIp: c.loginMaxFailuresPerIp,
              },
            }),
        },
        ...SESSIONS_PROVIDERS,
        ...REFRESH_PROVIDERS,
        ...TWO_FACTOR_PROVIDERS,
        ...ROLES_PROVIDERS,
      ],
    };
  }
}
