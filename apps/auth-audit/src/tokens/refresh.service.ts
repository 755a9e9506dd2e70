import { AUTH_EVENTS, CallMeta, RefreshCommand, TokenPair } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import { AccountsRepository } from '../accounts/accounts.repository';
import { securityEvent } from '../accounts/security-event';
import { SessionsRepository } from '../sessions/sessions.repository';
import { AccessClaims, hashOpaqueToken, TokenIssuer } from './token-issuer';

export interface RefreshServiceDeps {
  sessions: SessionsRepository;
  accounts: AccountsRepository;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  issuer: TokenIssuer;
  refreshTtlSeconds: number;
}

type Outcome =
  { kind: 'rotated'; claims: AccessClaims } | { kind: 'invalid' } | { kind: 'revoked' } | { kind: 'reused' };

/**
 * AUTH-4, RFC 9700 §4.14: every refresh spends the token and mints its successor in the same session
 * (the family). A spent token presented again revokes the family. The session row is locked, so two
 * concurrent refreshes with one token are serialised: the first rotates, the second finds the token
 * spent and is treated as reuse (docs/security.md).
 */
export class RefreshService {
  constructor(private readonly d: RefreshServiceDeps) {}

  async refresh(cmd: RefreshCommand, meta: CallMeta): Promise<TokenPair> {
    const presented = await this.d.sessions.findRefreshTokenByHash(hashOpaqueToken(cmd.refresh_token));
    if (!presented)
      throw new AppError('AUTH_REFRESH_INVALID', 'The refresh token is not valid; sign in again.');
    const next = this.d.issuer.refreshToken();

    const outcome = await this.d.tx.run(async (m): Promise<Outcome> => {
      const now = new Date();
      const session = await this.d.sessions.lockSession(m, presented.sessionId);
      const token = await this.d.sessions.lockRefreshToken(m, presented.id);
      const user = session ? await this.d.accounts.findUserById(session.userId, m) : null;
      if (!session || !token || !user) return { kind: 'invalid' };

      if (token.usedAt) {
        const wasActive = await this.d.sessions.revokeSession(m, session.id, 'refresh_reuse', now);
        await this.d.outbox.enqueue(
          m,
          securityEvent({
            type: AUTH_EVENTS.refreshReused,
            actor: null,
            userId: user.id,
            resource: { type: 'session', id: session.id },
            outcome: 'failure',
            client: cmd,
            reason: 'refresh_reuse',
            metadata: { family_revoked: wasActive },
            meta,
          }),
        );
        return { kind: 'reused' };
      }
      if (session.revokedAt) return { kind: 'revoked' };
      if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'invalid' };

      await this.d.sessions.markTokenUsed(m, token.id, now);
      await this.d.sessions.continueSession(m, session, {
        hash: next.hash,
        expiresAt: new Date(now.getTime() + this.d.refreshTtlSeconds * 1000),
        at: now,
        client: cmd,
      });
      // The role is read now, so a role change applies from the next refresh on.
      return {
        kind: 'rotated',
        claims: {
          userId: user.id,
          role: user.role,
          sessionId: session.id,
          aal: session.aal,
          // Refreshing does not skip the second factor: an unverified session stays limited to step-up.
          mfaPending: session.aal === 'aal1' && (await this.d.accounts.hasActiveTwoFactor(user.id, m)),
        },
      };
    });

    switch (outcome.kind) {
      case 'rotated':
        return this.d.issuer.pair(outcome.claims, next.token);
      case 'reused':
        throw new AppError(
          'AUTH_REFRESH_REUSED',
          'This refresh token was already used; the session has been revoked. Sign in again.',
        );
      case 'revoked':
        throw new AppError('AUTH_SESSION_REVOKED', 'This session has been signed out; sign in again.');
      case 'invalid':
        throw new AppError('AUTH_REFRESH_INVALID', 'The refresh token is not valid; sign in again.');
    }
  }
}
