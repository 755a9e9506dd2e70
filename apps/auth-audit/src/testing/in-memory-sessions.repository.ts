import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { SessionEntity } from '../accounts/session.entity';
import type { SessionsRepository } from '../sessions/sessions.repository';

type SessionsPort = Pick<
  SessionsRepository,
  'findSession' | 'lockSession' | 'lockUserSession' | 'revokeSession' | 'revokeUserSessions' | 'listActive'
>;

/** The session rows of `SessionsRepository` over memory (refresh tokens left out). */
export class InMemorySessionsRepository implements SessionsPort {
  readonly sessions: InMemoryTable<SessionEntity>;

  constructor(
    private readonly tx: InMemoryTransactions,
    sessions: SessionEntity[] = [],
  ) {
    this.sessions = tx.enlist(new InMemoryTable(sessions));
  }

  async findSession(id: string): Promise<SessionEntity | null> {
    return this.sessions.get(id);
  }

  async lockSession(m: unknown, id: string): Promise<SessionEntity | null> {
    this.tx.assertInside(m);
    return this.sessions.get(id);
  }

  async lockUserSession(m: unknown, userId: string, id: string): Promise<SessionEntity | null> {
    this.tx.assertInside(m);
    const session = this.sessions.get(id);
    return session?.userId === userId ? session : null;
  }

  async revokeSession(m: unknown, id: string, reason: string, at: Date): Promise<boolean> {
    this.tx.assertInside(m);
    const session = this.sessions.get(id);
    if (!session || session.revokedAt) return false;
    this.sessions.update(id, { revokedAt: at, revokedReason: reason });
    return true;
  }

  async revokeUserSessions(
    m: unknown,
    userId: string,
    keepId: string | null,
    reason: string,
    at: Date,
  ): Promise<string[]> {
    this.tx.assertInside(m);
    const live = this.sessions.all((s) => s.userId === userId && !s.revokedAt && s.id !== keepId);
    for (const s of live) this.sessions.update(s.id, { revokedAt: at, revokedReason: reason });
    return live.map((s) => s.id);
  }

  async listActive(
    userId: string,
    usedSince: Date,
    limit: number,
    beforeId?: string,
  ): Promise<SessionEntity[]> {
    return this.sessions
      .all((s) => s.userId === userId && !s.revokedAt && s.lastUsedAt > usedSince)
      .sort((a, b) => b.id.localeCompare(a.id))
      .filter((s) => !beforeId || s.id < beforeId)
      .slice(0, limit + 1);
  }
}
