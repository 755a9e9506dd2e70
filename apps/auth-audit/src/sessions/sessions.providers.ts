import { Provider } from '@nestjs/common';
import { APP_CONFIG } from '@slotline/bootstrap';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import { DataSource } from 'typeorm';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AuthAuditConfig } from '../config/auth-audit.config';
import { ActorCheck } from './actor-check';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

export const SESSIONS_PROVIDERS: Provider[] = [
  {
    provide: SessionsRepository,
    inject: [DataSource],
    useFactory: (ds: DataSource) => new SessionsRepository(ds),
  },
  {
    provide: ActorCheck,
    inject: [SessionsRepository, AccountsRepository, APP_CONFIG],
    useFactory: (sessions: SessionsRepository, accounts: AccountsRepository, c: AuthAuditConfig) =>
      new ActorCheck(sessions, accounts, c.requireAdmin2fa),
  },
  {
    provide: SessionsService,
    inject: [SessionsRepository, AccountsRepository, ActorCheck, TransactionRunner, OutboxWriter, APP_CONFIG],
    useFactory: (sessions, accounts, actors, tx, outbox, c: AuthAuditConfig) =>
      new SessionsService({
        sessions,
        accounts,
        actors,
        tx,
        outbox,
        refreshTtlSeconds: c.REFRESH_TOKEN_TTL_SECONDS,
      }),
  },
];
