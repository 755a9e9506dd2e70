import type { Aal, ClientContext } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { RefreshTokenEntity } from '../accounts/refresh-token.entity';
import { SessionEntity } from '../accounts/session.entity';

/**
 * Queries of sessions and their refresh tokens (a session is one rotation family). Writers lock the
 * session row first and its tokens second, so two writers of one family never deadlock.
 */
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findSession(id: string): Promise<SessionEntity | null> {
    return this.dataSource.getRepository(SessionEntity).findOneBy({ id });
  }

  findRefreshTokenByHash(hash: string): Promise<RefreshTokenEntity | null> {
    return this.dataSource.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: hash });
  }

  /** FOR UPDATE: concurrent refreshes, revocations and step-ups of one session queue here. */
  lockSession(m: EntityManager, id: string): Promise<SessionEntity | null> {
    return m
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne();
  }

  lockUserSession(m: EntityManager, userId: string, id: string): Promise<SessionEntity | null> {
    return m
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id AND s.user_id = :userId', { id, userId })
      .getOne();
  }

  lockRefreshToken(m: EntityManager, id: string): Promise<RefreshTokenEntity | null> {
    return m
      .getRepository(RefreshTokenEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id })
      .getOne();
  }

  async markTokenUsed(m: EntityManager, tokenId: string, at: Date): Promise<void> {
    await m.update(RefreshTokenEntity, { id: tokenId }, { usedAt: at });
  }

  /** Every unspent token of the session counts as rotated: presenting one later is reuse. */
  async retireSessionTokens(m: EntityManager, sessionId: string, at: Date): Promise<void> {
    await m
      .createQueryBuilder()
      .update(RefreshTokenEntity)
      .set({ usedAt: at })
      .where('session_id = :sessionId AND used_at IS NULL', { sessionId })
      .execute();
  }

  /**
   * Gives the session its next refresh token and records the client that asked as its last use (the
   * session keeps its user agent when the client sends none).
   */
  async continueSession(
    m: EntityManager,
    session: SessionEntity,
    next: { hash: string; expiresAt: Date; at: Date; client: ClientContext },
  ): Promise<void> {
    await m.insert(RefreshTokenEntity, {
      id: uuidv7(),
      sessionId: session.id,
      tokenHash: next.hash,
      expiresAt: next.expiresAt,
      usedAt: null,
    });
    await m.update(
      SessionEntity,
      { id: session.id },
      { lastUsedAt: next.at, ip: next.client.ip, userAgent: next.client.user_agent ?? session.userAgent },
    );
  }

  async setAal(m: EntityManager, id: string, aal: Aal): Promise<void> {
    await m.update(SessionEntity, { id }, { aal });
  }

  /** True when this call revoked it (false: already revoked or absent). */
  async revokeSession(m: EntityManager, id: string, reason: string, at: Date): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: at, revokedReason: reason })
      .where('id = :id AND revoked_at IS NULL', { id })
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** Revokes every active session of the user except `keepId`; returns the ids revoked. */
  async revokeUserSessions(
    m: EntityManager,
    userId: string,
    keepId: string | null,
    reason: string,
    at: Date,
  ): Promise<string[]> {
    const qb = m
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: at, revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (keepId) qb.andWhere('id <> :keepId', { keepId });
    const result = await qb.returning('id').execute();
    return (result.raw as Array<{ id: string }>).map((r) => r.id);
  }

  /**
   * Active sessions (not revoked, used within the refresh-token lifetime), newest first, keyset-paged
   * by id (UUIDv7 ids sort by creation time). Fetches `limit + 1` rows so the caller knows if more exist.
   */
  listActive(userId: string, usedSince: Date, limit: number, beforeId?: string): Promise<SessionEntity[]> {
    const qb = this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.last_used_at > :usedSince', {
        userId,
        usedSince,
      })
      .orderBy('s.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) qb.andWhere('s.id < :beforeId', { beforeId });
    return qb.getMany();
  }
}
