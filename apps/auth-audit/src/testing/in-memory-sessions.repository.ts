import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { SessionEntity } from '../accounts/session.entity';
import type { SessionsRepository } from '../sessions/sessions.repository';

/** The session rows of `SessionsRepository` over memory (what `ActorCheck` reads). */
export class InMemorySessionsRepository implements Pick<SessionsRepository, 'findSession'> {
  readonly sessions: InMemoryTable<SessionEntity>;

  constructor(tx: InMemoryTransactions, sessions: SessionEntity[] = []) {
    this.sessions = tx.enlist(new InMemoryTable(sessions));
  }

  async findSession(id: string): Promise<SessionEntity | null> {
    return this.sessions.get(id);
  }
}
