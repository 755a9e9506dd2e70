import {
  Actor,
  AdminListSessionsQuery,
  AdminRevokeSessionCommand,
  AUTH_EVENTS,
  CallMeta,
  ClientContext,
  decodeCursor,
  ListSessionsQuery,
  Page,
  paginate,
  RevokeSessionCommand,
  RevokeSessionsResult,
  SessionView,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import { AccountsRepository } from '../accounts/accounts.repository';
import { securityEvent } from '../accounts/security-event';
import { ActorCheck } from './actor-check';
import { toSessionView } from './session-view.mapper';
import { SessionsRepository } from './sessions.repository';

export interface SessionsServiceDeps {
  sessions: SessionsRepository;
  accounts: AccountsRepository;
  actors: ActorCheck;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  refreshTtlSeconds: number;
}

const SESSION_NOT_FOUND = () => new AppError('NF_SESSION', 'No such session.');

/** AUTH-5: a user's sign-ins, listed and revoked by their owner or an admin. */
export class SessionsService {
  constructor(private readonly d: SessionsServiceDeps) {}

  async list(query: ListSessionsQuery, meta: CallMeta): Promise<Page<SessionView>> {
    const actor = await this.d.actors.active(meta);
    return this.page(actor.user_id, query, actor.session_id);
  }

  async revoke(cmd: RevokeSessionCommand, meta: CallMeta): Promise<void> {
    const actor = await this.d.actors.active(meta);
    await this.revokeUserSession(actor, actor.user_id, cmd.session_id, 'user_revoked', cmd, meta);
  }

  async revokeOthers(cmd: ClientContext, meta: CallMeta): Promise<RevokeSessionsResult> {
    const actor = await this.d.actors.active(meta);
    const ids = await this.d.tx.run(async (m) => {
      const revoked = await this.d.sessions.revokeUserSessions(
        m,
        actor.user_id,
        actor.session_id,
        'user_revoked_others',
        new Date(),
      );
      for (const id of revoked)
        await this.d.outbox.enqueue(
          m,
          this.revokedEvent(id, actor, actor.user_id, 'user_revoked_others', cmd, meta),
        );
      return revoked;
    });
    return { revoked: ids.length };
  }

  /** Idempotent: logging out of a session that is already revoked succeeds without a second event. */
  async logout(cmd: ClientContext, meta: CallMeta): Promise<void> {
    const actor = meta.actor;
    if (!actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in first.');
    await this.d.tx.run(async (m) => {
      const session = await this.d.sessions.lockUserSession(m, actor.user_id, actor.session_id);
      if (!session || !(await this.d.sessions.revokeSession(m, session.id, 'logout', new Date()))) return;
      await this.d.outbox.enqueue(
        m,
        securityEvent({
          type: AUTH_EVENTS.loggedOut,
          actor: { user_id: actor.user_id, role: actor.role },
          userId: actor.user_id,
          resource: { type: 'session', id: session.id },
          outcome: 'success',
          client: cmd,
          reason: 'logout',
          meta,
        }),
      );
    });
  }

  async adminList(query: AdminListSessionsQuery, meta: CallMeta): Promise<Page<SessionView>> {
    const { actor } = await this.d.actors.admin(meta);
    await this.assertAdminMayManage(actor, query.user_id);
    return this.page(query.user_id, query, actor.session_id);
  }

  async adminRevoke(cmd: AdminRevokeSessionCommand, meta: CallMeta): Promise<void> {
    const { actor } = await this.d.actors.admin(meta);
    await this.assertAdminMayManage(actor, cmd.user_id);
    await this.revokeUserSession(actor, cmd.user_id, cmd.session_id, 'admin_revoked', cmd, meta);
  }

  /** An admin manages customers, providers and admins; only a super_admin manages a super_admin. */
  private async assertAdminMayManage(actor: Actor, userId: string): Promise<void> {
    const target = await this.d.accounts.findUserById(userId);
    if (!target) throw new AppError('NF_USER', 'No such user.');
    if (target.role === 'super_admin' && actor.role !== 'super_admin') {
      throw new AppError('AUTH_FORBIDDEN', 'Only a super_admin manages the sessions of a super_admin.');
    }
  }

  private async page(
    userId: string,
    query: ListSessionsQuery,
    currentSessionId: string,
  ): Promise<Page<SessionView>> {
    let beforeId: string | undefined;
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, ['id']);
      if (!cursor || typeof cursor.id !== 'string')
        throw new AppError('VAL_CURSOR', 'The cursor is malformed or expired.');
      beforeId = cursor.id;
    }
    const usedSince = new Date(Date.now() - this.d.refreshTtlSeconds * 1000);
    const rows = await this.d.sessions.listActive(userId, usedSince, query.limit, beforeId);
    const page = paginate(rows, query.limit, (s) => ({ id: s.id }));
    return { ...page, items: page.items.map((s) => toSessionView(s, currentSessionId)) };
  }

  private async revokeUserSession(
    actor: Actor,
    userId: string,
    sessionId: string,
    reason: string,
    client: ClientContext,
    meta: CallMeta,
  ): Promise<void> {
    const revoked = await this.d.tx.run(async (m) => {
      const session = await this.d.sessions.lockUserSession(m, userId, sessionId);
      if (!session || session.revokedAt) return false;
      await this.d.sessions.revokeSession(m, session.id, reason, new Date());
      await this.d.outbox.enqueue(m, this.revokedEvent(session.id, actor, userId, reason, client, meta));
      return true;
    });
    // Someone else's session answers exactly like a missing one (no probing of ids).
    if (!revoked) throw SESSION_NOT_FOUND();
  }

  private revokedEvent(
    sessionId: string,
    actor: Actor,
    userId: string,
    reason: string,
    client: ClientContext,
    meta: CallMeta,
  ) {
    return securityEvent({
      type: AUTH_EVENTS.sessionRevoked,
      actor: { user_id: actor.user_id, role: actor.role },
      userId,
      resource: { type: 'session', id: sessionId },
      outcome: 'success',
      client,
      reason,
      meta,
    });
  }
}
