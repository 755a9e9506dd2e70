import {
  AdminNotificationsQuery,
  CallMeta,
  decodeCursor,
  MyNotificationsQuery,
  NotificationView,
  Page,
  paginate,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { validate as isUuid } from 'uuid';
import { HistoryFilter, NotificationsRepository } from '../notify/notifications.repository';
import { NotificationRecord } from '../notify/notification.record';

function afterIdOf(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const p = decodeCursor(cursor, ['id']);
  if (!p || typeof p.id !== 'string' || !isUuid(p.id))
    throw new AppError('VAL_CURSOR', 'The cursor is not valid; start again without one.');
  return p.id;
}

/** NTF-5: the notification history, for its recipient and for admins. */
export class NotificationHistoryService {
  constructor(private readonly repo: NotificationsRepository) {}

  async mine(q: MyNotificationsQuery, meta: CallMeta): Promise<Page<NotificationView>> {
    if (!meta.actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in to see your notifications.');
    return this.page({ recipientId: meta.actor.user_id, afterId: afterIdOf(q.cursor), limit: q.limit });
  }

  async forAdmin(q: AdminNotificationsQuery, meta: CallMeta): Promise<Page<NotificationView>> {
    const role = meta.actor?.role;
    if (role !== 'admin' && role !== 'super_admin')
      throw new AppError('AUTH_FORBIDDEN', 'Only admins may do this.');
    return this.page({
      recipientId: q.recipient_id,
      status: q.status,
      eventType: q.event_type,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      afterId: afterIdOf(q.cursor),
      limit: q.limit,
    });
  }

  private async page(f: HistoryFilter): Promise<Page<NotificationView>> {
    const rows = await this.repo.list(f);
    const page = paginate(rows, f.limit, (r) => ({ id: r.id }));
    const attempts = await this.repo.attemptsOf(page.items.map((r) => r.id));
    return {
      ...page,
      items: page.items.map((r) =>
        toView(
          r,
          attempts.filter((a) => a.notificationId === r.id),
        ),
      ),
    };
  }
}

function toView(
  r: NotificationRecord,
  attempts: Awaited<ReturnType<NotificationsRepository['attemptsOf']>>,
): NotificationView {
  return {
    id: r.id,
    event_id: r.eventId,
    event_type: r.eventType,
    kind: r.kind,
    category: r.category as NotificationView['category'],
    critical: r.critical,
    recipient_id: r.recipientId,
    channel: r.channel,
    status: r.status,
    skip_reason: r.skipReason,
    attempts: r.attempts,
    subject: r.channel === 'email' ? r.content.subject : null,
    deferred_until: r.deferredUntil?.toISOString() ?? null,
    next_attempt_at: r.status === 'queued' ? (r.nextAttemptAt?.toISOString() ?? null) : null,
    fallback_of: r.fallbackOf,
    created_at: r.createdAt.toISOString(),
    sent_at: r.sentAt?.toISOString() ?? null,
    attempt_log: attempts.map((a) => ({
      attempt: a.attempt,
      status: a.status,
      response: a.response,
      error: a.error,
      started_at: a.startedAt.toISOString(),
      finished_at: a.finishedAt.toISOString(),
    })),
  };
}
