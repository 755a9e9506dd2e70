import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { NotificationRecord } from '../notify/notification.record';
import type { HistoryFilter, NotificationsRepository } from '../notify/notifications.repository';

type Attempt = Awaited<ReturnType<NotificationsRepository['attemptsOf']>>[number];

/** The history reads of `NotificationsRepository` over memory. */
export class InMemoryNotificationsRepository implements Pick<NotificationsRepository, 'list' | 'attemptsOf'> {
  readonly rows: InMemoryTable<NotificationRecord>;
  readonly attempts: Attempt[] = [];

  constructor(tx: InMemoryTransactions, rows: NotificationRecord[] = []) {
    this.rows = tx.enlist(new InMemoryTable(rows));
  }

  async list(f: HistoryFilter): Promise<NotificationRecord[]> {
    return this.rows
      .all(
        (n) =>
          (!f.recipientId || n.recipientId === f.recipientId) &&
          (!f.status || n.status === f.status) &&
          (!f.eventType || n.eventType === f.eventType) &&
          (!f.from || n.createdAt >= f.from) &&
          (!f.to || n.createdAt < f.to) &&
          (!f.afterId || n.id < f.afterId),
      )
      .sort((a, b) => b.id.localeCompare(a.id))
      .slice(0, f.limit + 1);
  }

  async attemptsOf(ids: string[]): Promise<Attempt[]> {
    return this.attempts.filter((a) => ids.includes(a.notificationId)).sort((a, b) => a.attempt - b.attempt);
  }
}
