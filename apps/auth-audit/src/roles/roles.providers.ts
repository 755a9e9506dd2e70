import { Provider } from '@nestjs/common';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import { AccountsRepository } from '../accounts/accounts.repository';
import { ActorCheck } from '../sessions/actor-check';
import { RolesService } from './roles.service';

export const ROLES_PROVIDERS: Provider[] = [
  {
    provide: RolesService,
    inject: [AccountsRepository, ActorCheck, TransactionRunner, OutboxWriter],
    useFactory: (accounts, actors, tx, outbox) => new RolesService({ accounts, actors, tx, outbox }),
  },
];
