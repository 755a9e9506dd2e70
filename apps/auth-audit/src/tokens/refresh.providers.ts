import { Provider } from '@nestjs/common';
import { APP_CONFIG } from '@slotline/bootstrap';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AuthAuditConfig } from '../config/auth-audit.config';
import { SessionsRepository } from '../sessions/sessions.repository';
import { RefreshService } from './refresh.service';
import { TokenIssuer } from './token-issuer';

export const REFRESH_PROVIDERS: Provider[] = [
  {
    provide: RefreshService,
    inject: [
      SessionsRepository,
      AccountsRepository,
      TransactionRunner,
      OutboxWriter,
      TokenIssuer,
      APP_CONFIG,
    ],
    useFactory: (sessions, accounts, tx, outbox, issuer, c: AuthAuditConfig) =>
      new RefreshService({
        sessions,
        accounts,
        tx,
        outbox,
        issuer,
        refreshTtlSeconds: c.REFRESH_TOKEN_TTL_SECONDS,
      }),
  },
];
