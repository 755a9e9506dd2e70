import { AUTH_EVENTS, CallMeta, ChangeRoleCommand, UserRoleView } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import { AccountsRepository } from '../accounts/accounts.repository';
import { securityEvent } from '../accounts/security-event';
import { ActorCheck } from '../sessions/actor-check';

export interface RolesServiceDeps {
  accounts: AccountsRepository;
  actors: ActorCheck;
  tx: TransactionRunner;
  outbox: OutboxWriter;
}

/**
 * AUTH-2: only a super_admin (by the stored role, not just the token's) changes roles, never their
 * own, so at least one super_admin always remains. Sessions are kept: the new role reaches the user's
 * tokens at their next refresh (within ACCESS_TOKEN_TTL_SECONDS), see docs/security.md.
 */
export class RolesService {
  constructor(private readonly d: RolesServiceDeps) {}

  async changeRole(cmd: ChangeRoleCommand, meta: CallMeta): Promise<UserRoleView> {
    const { actor } = await this.d.actors.admin(meta, ['super_admin']);
    if (cmd.user_id === actor.user_id)
      throw new AppError('BR_SELF_ROLE_CHANGE', 'You cannot change your own role; ask another super_admin.');
    return this.d.tx.run(async (m) => {
      // The caller's role is checked again under its row lock: two super_admins demoting each other at
      // once would otherwise both pass the check above and leave no super_admin.
      const locked = await this.d.accounts.lockUsersById(m, [actor.user_id, cmd.user_id]);
      if (locked.find((u) => u.id === actor.user_id)?.role !== 'super_admin')
        throw new AppError('AUTH_FORBIDDEN', 'Your role does not allow this action.');
      const target = locked.find((u) => u.id === cmd.user_id);
      if (!target) throw new AppError('NF_USER', 'No such user.');
      const previous = target.role;
      if (previous === cmd.role)
        return {
          id: target.id,
          role: previous,
          previous_role: previous,
          updated_at: target.updatedAt.toISOString(),
        };
      const updatedAt = await this.d.accounts.updateRole(m, target.id, cmd.role);
      await this.d.outbox.enqueue(
        m,
        securityEvent({
          type: AUTH_EVENTS.roleChanged,
          actor: { user_id: actor.user_id, role: actor.role },
          userId: target.id,
          resource: { type: 'user', id: target.id },
          outcome: 'success',
          client: cmd,
          metadata: { old_role: previous, new_role: cmd.role },
          meta,
        }),
      );
      return {
        id: target.id,
        role: cmd.role,
        previous_role: previous,
        updated_at: new Date(updatedAt).toISOString(),
      };
    });
  }
}
