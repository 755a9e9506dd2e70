import type { Aal, ClientContext } from '@slotline/contracts';
import { Queryable, returnedRows, SERVICE_SCHEMAS, tablesIn, uuidv7 } from '@slotline/persistence';
import {
  RefreshTokenRecord,
  RefreshTokenRow,
  SessionRecord,
  SessionRow,
  toRefreshToken,
  toSession,
} from './session.record';

type Returned<R> = R[] | [R[], number];

/**
 * Queries of sessions and their refresh tokens (a session is one rotation family). Writers lock the
 * session row first and its tokens second, so two writers of one family never deadlock.
 */
export class SessionsRepository {
  private readonly t: Record<'sessions' | 'refresh_tokens', string>;

  constructor(
    private readonly db: Queryable,
    schema: string = SERVICE_SCHEMAS['auth-audit'].schema,
  ) {
    this.t = tablesIn(schema, ['sessions', 'refresh_tokens']);
  }

  findSession(id: string): Promise<SessionRecord | null> {
    return this.session(this.db, `SELECT * FROM ${this.t.sessions} WHERE id = $1`, [id]);
  }

  async findRefreshTokenByHash(hash: string): Promise<RefreshTokenRecord | null> {
    const [row] = await this.db.query<RefreshTokenRow[]>(
      `SELECT * FROM ${this.t.refresh_tokens} WHERE token_hash = $1`,
      [hash],
    );
    return row ? toRefreshToken(row) : null;
  }

  /** FOR UPDATE: concurrent refreshes, revocations and step-ups of one session queue here. */
  lockSession(m: Queryable, id: string): Promise<SessionRecord | null> {
    return this.session(m, `SELECT * FROM ${this.t.sessions} WHERE id = $1 FOR UPDATE`, [id]);
  }

  lockUserSession(m: Queryable, userId: string, id: string): Promise<SessionRecord | null> {
    return this.session(m, `SELECT * FROM ${this.t.sessions} WHERE id = $1 AND user_id = $2 FOR UPDATE`, [
      id,
      userId,
    ]);
  }

  async lockRefreshToken(m: Queryable, id: string): Promise<RefreshTokenRecord | null> {
    const [row] = await m.query<RefreshTokenRow[]>(
      `SELECT * FROM ${this.t.refresh_tokens} WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ? toRefreshToken(row) : null;
  }

  async markTokenUsed(m: Queryable, tokenId: string, at: Date): Promise<void> {
    await m.query(`UPDATE ${this.t.refresh_tokens} SET used_at = $2 WHERE id = $1`, [tokenId, at]);
  }

  /** Every unspent token of the session counts as rotated: presenting one later is reuse. */
  async retireSessionTokens(m: Queryable, sessionId: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE ${this.t.refresh_tokens} SET used_at = $2 WHERE session_id = $1 AND used_at IS NULL`,
      [sessionId, at],
    );
  }

  /** A new session with its first refresh token. */
  async createSession(
    m: Queryable,
    session: Pick<SessionRecord, 'userId' | 'aal' | 'ip' | 'userAgent'>,
    refresh: { hash: string; expiresAt: Date },
  ): Promise<SessionRecord> {
    const [row] = await m.query<SessionRow[]>(
      `INSERT INTO ${this.t.sessions} (id, user_id, aal, ip, user_agent, last_used_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [uuidv7(), session.userId, session.aal, session.ip, session.userAgent, new Date()],
    );
    await this.insertToken(m, row.id, refresh);
    return toSession(row);
  }

  /**
   * Gives the session its next refresh token and records the client that asked as its last use (the
   * session keeps its user agent when the client sends none).
   */
  async continueSession(
    m: Queryable,
    session: SessionRecord,
    next: { hash: string; expiresAt: Date; at: Date; client: ClientContext },
  ): Promise<void> {
    await this.insertToken(m, session.id, next);
    await m.query(`UPDATE ${this.t.sessions} SET last_used_at = $2, ip = $3, user_agent = $4 WHERE id = $1`, [
      session.id,
      next.at,
      next.client.ip,
      next.client.user_agent ?? session.userAgent,
    ]);
  }

  async setAal(m: Queryable, id: string, aal: Aal): Promise<void> {
    await m.query(`UPDATE ${this.t.sessions} SET aal = $2 WHERE id = $1`, [id, aal]);
  }

  /** True when this call revoked it (false: already revoked or absent). */
  async revokeSession(m: Queryable, id: string, reason: string, at: Date): Promise<boolean> {
    const result = await m.query<Returned<{ id: string }>>(
      `UPDATE ${this.t.sessions} SET revoked_at = $2, revoked_reason = $3
       WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [id, at, reason],
    );
    return returnedRows(result).length > 0;
  }

  /** Revokes every active session of the user except `keepId`; returns the ids revoked. */
  async revokeUserSessions(
    m: Queryable,
    userId: string,
    keepId: string | null,
    reason: string,
    at: Date,
  ): Promise<string[]> {
    const result = await m.query<Returned<{ id: string }>>(
      `UPDATE ${this.t.sessions} SET revoked_at = $2, revoked_reason = $3
       WHERE user_id = $1 AND revoked_at IS NULL AND ($4::uuid IS NULL OR id <> $4) RETURNING id`,
      [userId, at, reason, keepId],
    );
    return returnedRows(result).map((r) => r.id);
  }

  /**
   * Active sessions (not revoked, used within the refresh-token lifetime), newest first, keyset-paged
   * by id (UUIDv7 ids sort by creation time). Fetches `limit + 1` rows so the caller knows if more exist.
   */
  async listActive(
    userId: string,
    usedSince: Date,
    limit: number,
    beforeId?: string,
  ): Promise<SessionRecord[]> {
    const rows = await this.db.query<SessionRow[]>(
      `SELECT * FROM ${this.t.sessions}
       WHERE user_id = $1 AND revoked_at IS NULL AND last_used_at > $2 AND ($3::uuid IS NULL OR id < $3)
       ORDER BY id DESC LIMIT $4`,
      [userId, usedSince, beforeId ?? null, limit + 1],
    );
    return rows.map(toSession);
  }

  private async insertToken(
    m: Queryable,
    sessionId: string,
    token: { hash: string; expiresAt: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${this.t.refresh_tokens} (id, session_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`,
      [uuidv7(), sessionId, token.hash, token.expiresAt],
    );
  }

  private async session(db: Queryable, sql: string, params: unknown[]): Promise<SessionRecord | null> {
    const [row] = await db.query<SessionRow[]>(sql, params);
    return row ? toSession(row) : null;
  }
}
