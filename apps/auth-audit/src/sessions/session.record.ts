import type { Aal } from '@slotline/contracts';

/** A row of auth.sessions, as the pg driver returns it. */
export interface SessionRow {
  id: string;
  user_id: string;
  aal: Aal;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
  last_used_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

/** A signed-in device: the rotation family of its refresh tokens. */
export interface SessionRecord {
  id: string;
  userId: string;
  aal: Aal;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

/** A row of auth.refresh_tokens. */
export interface RefreshTokenRow {
  id: string;
  session_id: string;
  token_hash: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

/** A refresh token, stored only as its SHA-256. */
export interface RefreshTokenRecord {
  id: string;
  sessionId: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export function toSession(r: SessionRow): SessionRecord {
  return {
    id: r.id,
    userId: r.user_id,
    aal: r.aal,
    ip: r.ip,
    userAgent: r.user_agent,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
    revokedReason: r.revoked_reason,
  };
}

export function toRefreshToken(r: RefreshTokenRow): RefreshTokenRecord {
  return {
    id: r.id,
    sessionId: r.session_id,
    tokenHash: r.token_hash,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    usedAt: r.used_at,
  };
}
