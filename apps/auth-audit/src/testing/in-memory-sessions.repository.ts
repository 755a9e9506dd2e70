import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { ClientContext } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';
import type { RefreshTokenRecord, SessionRecord } from '../sessions/session.record';
import type { SessionsRepository } from '../sessions/sessions.repository';

type SessionsPort = Pick<
  SessionsRepository,
  | 'findSession'
  | 'lockSession'
  | 'lockUserSession'
  | 'revokeSession'
  | 'revokeUserSessions'
  | 'listActive'
  | 'findRefreshTokenByHash'
  | 'lockRefreshToken'
  | 'markTokenUsed'
  | 'continueSession'
  | 'createSession'
  | 'setAal'
  | 'retireSessionTokens'
>;

/** `SessionsRepository` over memory: sessions and their refresh tokens (stored by hash). */
export class InMemorySessionsRepository implements SessionsPort {
  readonly sessions: InMemoryTable<SessionRecord>;
  readonly tokens: InMemoryTable<RefreshTokenRecord>;

  constructor(
    private readonly tx: InMemoryTransactions,
    sessions: SessionRecord[] = [],
  ) {
    this.sessions = tx.enlist(new InMemoryTable(sessions));
    this.tokens = tx.enlist(new InMemoryTable<RefreshTokenRecord>());
  }

  async createSession(
    m: unknown,
    session: Pick<SessionRecord, 'userId' | 'aal' | 'ip' | 'userAgent'>,
    refresh: { hash: string; expiresAt: Date },
  ): Promise<SessionRecord> {
    this.tx.assertInside(m);
    const now = new Date();
    const created = this.sessions.insert({
      ...session,
      id: uuidv7(),
      createdAt: now,
      lastUsedAt: now,
      revokedAt: null,
      revokedReason: null,
    });
    this.insertToken(created.id, refresh.hash, refresh.expiresAt, now);
    return created;
  }

  async setAal(m: unknown, id: string, aal: SessionRecord['aal']): Promise<void> {
    this.tx.assertInside(m);
    this.sessions.update(id, { aal });
  }

  async retireSessionTokens(m: unknown, sessionId: string, at: Date): Promise<void> {
    this.tx.assertInside(m);
    for (const t of this.tokens.all((t) => t.sessionId === sessionId && !t.usedAt))
      this.tokens.update(t.id, { usedAt: at });
  }

  async findSession(id: string): Promise<SessionRecord | null> {
    return this.sessions.get(id);
  }

  async lockSession(m: unknown, id: string): Promise<SessionRecord | null> {
    this.tx.assertInside(m);
    return this.sessions.get(id);
  }

  async lockUserSession(m: unknown, userId: string, id: string): Promise<SessionRecord | null> {
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
  ): Promise<SessionRecord[]> {
    return this.sessions
      .all((s) => s.userId === userId && !s.revokedAt && s.lastUsedAt > usedSince)
      .sort((a, b) => b.id.localeCompare(a.id))
      .filter((s) => !beforeId || s.id < beforeId)
      .slice(0, limit + 1);
  }

  async findRefreshTokenByHash(hash: string): Promise<RefreshTokenRecord | null> {
    return this.tokens.all((t) => t.tokenHash === hash)[0] ?? null;
  }

  async lockRefreshToken(m: unknown, id: string): Promise<RefreshTokenRecord | null> {
    this.tx.assertInside(m);
    return this.tokens.get(id);
  }

  async markTokenUsed(m: unknown, tokenId: string, at: Date): Promise<void> {
    this.tx.assertInside(m);
    this.tokens.update(tokenId, { usedAt: at });
  }

  async continueSession(
    m: unknown,
    session: SessionRecord,
    next: { hash: string; expiresAt: Date; at: Date; client: ClientContext },
  ): Promise<void> {
    this.tx.assertInside(m);
    this.insertToken(session.id, next.hash, next.expiresAt, next.at);
    this.sessions.update(session.id, {
      lastUsedAt: next.at,
      ip: next.client.ip,
      userAgent: next.client.user_agent ?? session.userAgent,
    });
  }

  private insertToken(sessionId: string, tokenHash: string, expiresAt: Date, at: Date): void {
    this.tokens.insert({ id: uuidv7(), sessionId, tokenHash, createdAt: at, expiresAt, usedAt: null });
  }
}
