import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@slotline/bootstrap';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import { DataSource } from 'typeorm';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { PasswordHasher } from './accounts/password-hasher';
import { AuthAuditConfig } from './config/auth-audit.config';
import { JwksController } from './tokens/jwks.controller';
import { SigningKeys } from './tokens/signing-keys';
import { TokenIssuer } from './tokens/token-issuer';

@Module({})
export class AuthAuditModule {
  static register(platform: DynamicModule): DynamicModule {
    return {
      module: AuthAuditModule,
      imports: [platform],
      controllers: [AccountsController, JwksController],
      providers: [
        { provide: SigningKeys, inject: [APP_CONFIG], useFactory: (c: AuthAuditConfig) => SigningKeys.fromConfig(c.AUTH_JWT_PRIVATE_JWKS) },
        {
          provide: TokenIssuer,
          inject: [SigningKeys, APP_CONFIG],
          useFactory: (keys: SigningKeys, c: AuthAuditConfig) => new TokenIssuer(keys, c.ACCESS_TOKEN_TTL_SECONDS),
        },
        {
          provide: PasswordHasher,
          inject: [APP_CONFIG],
          useFactory: (c: AuthAuditConfig) => new PasswordHasher({ memoryKib: c.ARGON2_MEMORY_KIB, iterations: c.ARGON2_ITERATIONS }),
        },
        { provide: AccountsRepository, inject: [DataSource], useFactory: (ds: DataSource) => new AccountsRepository(ds) },
        {
          provide: AccountsService,
          inject: [AccountsRepository, TransactionRunner, OutboxWriter, PasswordHasher, TokenIssuer, APP_CONFIG],
          useFactory: (repo, tx, outbox, hasher, issuer, c: AuthAuditConfig) =>
            new AccountsService({
              repo,
              tx,
              outbox,
              hasher,
              issuer,
              refreshTtlSeconds: c.REFRESH_TOKEN_TTL_SECONDS,
              throttle: {
                maxPerAccount: c.LOGIN_MAX_FAILURES_PER_ACCOUNT,
                maxPerIp: c.LOGIN_MAX_FAILURES_PER_IP,
                windowSeconds: c.LOGIN_THROTTLE_WINDOW_SECONDS,
              },
            }),
        },
      ],
    };
  }
}
