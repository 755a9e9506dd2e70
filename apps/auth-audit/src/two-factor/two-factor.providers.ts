import { Provider } from '@nestjs/common';
import { APP_CONFIG } from '@slotline/bootstrap';
import { OutboxWriter } from '@slotline/messaging';
import { SecretBox, TransactionRunner } from '@slotline/persistence';
import { DataSource } from 'typeorm';
import { AccountsRepository } from '../accounts/accounts.repository';
import { FailureThrottle } from '../accounts/failure-throttle';
import { AuthAuditConfig } from '../config/auth-audit.config';
import { ActorCheck } from '../sessions/actor-check';
import { SessionsRepository } from '../sessions/sessions.repository';
import { TokenIssuer } from '../tokens/token-issuer';
import { Totp } from './totp';
import { TwoFactorRepository } from './two-factor.repository';
import { TwoFactorService } from './two-factor.service';

export const TWO_FACTOR_PROVIDERS: Provider[] = [
  {
    provide: TwoFactorRepository,
    inject: [DataSource],
    useFactory: (ds: DataSource) => new TwoFactorRepository(ds),
  },
  {
    provide: TwoFactorService,
    inject: [
      TwoFactorRepository,
      AccountsRepository,
      SessionsRepository,
      ActorCheck,
      TransactionRunner,
      OutboxWriter,
      TokenIssuer,
      FailureThrottle,
      APP_CONFIG,
    ],
    useFactory: (repo, accounts, sessions, actors, tx, outbox, issuer, failures, c: AuthAuditConfig) =>
      new TwoFactorService({
        repo,
        accounts,
        sessions,
        actors,
        tx,
        outbox,
        issuer,
        failures,
        totp: new Totp(c.AUTH_TOTP_ISSUER),
        box: new SecretBox(c.totpEncryptionKey),
        maxFailures: c.TOTP_MAX_FAILURES,
        refreshTtlSeconds: c.REFRESH_TOKEN_TTL_SECONDS,
      }),
  },
];
