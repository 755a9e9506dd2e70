import { ADMIN_TWO_FACTOR_STEPS, Actor, CallMeta, Role } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { AccountsRepository } from '../accounts/accounts.repository';
import { UserRecord } from '../accounts/user.record';
import { SessionsRepository } from './sessions.repository';

/**
 * The gateway vouches for the actor from a signed token that may outlive a revocation by up to its
 * TTL; auth-audit's own sensitive operations check the session (and for admin work the stored role)
 * here, so a revoked session or a demoted admin stops at once for them.
 */
export class ActorCheck {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly accounts: AccountsRepository,
    private readonly requireAdmin2fa: boolean,
  ) {}

  /** The actor, if their session is still active. */
  async active(meta: CallMeta): Promise<Actor> {
    const actor = meta.actor;
    if (!actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in first.');
    const session = await this.sessions.findSession(actor.session_id);
    if (!session || session.userId !== actor.user_id || session.revokedAt) {
      throw new AppError('AUTH_SESSION_REVOKED', 'This session has been signed out; sign in again.');
    }
    return actor;
  }

  /** An active admin or super_admin (by the stored role), at aal2 when AUTH_REQUIRE_ADMIN_2FA is on. */
  async admin(
    meta: CallMeta,
    roles: ReadonlyArray<Role> = ['admin', 'super_admin'],
  ): Promise<{ actor: Actor; user: UserRecord }> {
    const actor = await this.active(meta);
    const user = await this.accounts.findUserById(actor.user_id);
    if (!user || !roles.includes(user.role))
      throw new AppError('AUTH_FORBIDDEN', 'Your role does not allow this action.');
    if (this.requireAdmin2fa && actor.aal !== 'aal2') {
      throw new AppError('AUTH_2FA_REQUIRED', ADMIN_TWO_FACTOR_STEPS);
    }
    return { actor: { ...actor, role: user.role }, user };
  }
}
