import { encodeCursor } from '@slotline/contracts';
import { aCallMeta, anActor, callAs, InMemoryTransactions, substitute } from '@slotline/testing';
import { InMemoryNotificationsRepository } from '../testing/in-memory-notifications.repository';
import { aNotificationRecord } from '../testing/notification-records.factory';
import { NotificationHistoryService } from './notification-history.service';

describe(NotificationHistoryService.name, () => {
  const me = anActor('customer');
  let repo: InMemoryNotificationsRepository;
  let sut: NotificationHistoryService;

  beforeEach(() => {
    repo = new InMemoryNotificationsRepository(new InMemoryTransactions());
    sut = new NotificationHistoryService(substitute(repo));
  });

  it('shows a user only their own notifications, newest first, with each attempt', async () => {
    const older = repo.rows.insert(aNotificationRecord({ recipientId: me.user_id }));
    repo.rows.insert(aNotificationRecord());
    const newer = repo.rows.insert(
      aNotificationRecord({ recipientId: me.user_id, channel: 'sms', status: 'failed', attempts: 2 }),
    );
    const at = new Date('2030-01-01T10:00:00Z');
    repo.attempts.push(
      {
        notificationId: newer.id,
        attempt: 2,
        status: 'failed',
        response: null,
        error: 'timeout',
        startedAt: at,
        finishedAt: at,
      },
      {
        notificationId: newer.id,
        attempt: 1,
        status: 'failed',
        response: '500',
        error: null,
        startedAt: at,
        finishedAt: at,
      },
    );

    const page = await sut.mine({ limit: 20 }, aCallMeta(me));

    expect(page.items.map((n) => n.id)).toEqual([newer.id, older.id]);
    expect(page.items[0]).toMatchObject({
      subject: null,
      attempt_log: [{ attempt: 1 }, { attempt: 2, error: 'timeout' }],
    });
    expect(page.items[1]).toMatchObject({ subject: 'Your visit', attempt_log: [] });
  });

  it('shows when a queued notification is next tried, and hides it once it is final', async () => {
    const next = new Date('2030-01-01T10:05:00Z');
    const queued = repo.rows.insert(
      aNotificationRecord({ recipientId: me.user_id, status: 'queued', nextAttemptAt: next }),
    );
    const sent = repo.rows.insert(aNotificationRecord({ recipientId: me.user_id, nextAttemptAt: next }));

    const { items } = await sut.mine({ limit: 20 }, aCallMeta(me));

    expect(items.find((n) => n.id === queued.id)?.next_attempt_at).toBe(next.toISOString());
    expect(items.find((n) => n.id === sent.id)?.next_attempt_at).toBeNull();
  });

  it('refuses a cursor it did not make', async () => {
    await expect(sut.mine({ limit: 20, cursor: 'not-a-cursor' }, aCallMeta(me))).rejects.toMatchObject({
      code: 'VAL_CURSOR',
    });
    await expect(
      sut.mine({ limit: 20, cursor: encodeCursor({ id: 'not-a-uuid' }) }, aCallMeta(me)),
    ).rejects.toMatchObject({ code: 'VAL_CURSOR' });
  });

  it('lets admins filter everyone’s history by recipient and status, and no one else', async () => {
    const failed = repo.rows.insert(aNotificationRecord({ recipientId: me.user_id, status: 'failed' }));
    repo.rows.insert(aNotificationRecord({ recipientId: me.user_id }));
    repo.rows.insert(aNotificationRecord({ status: 'failed' }));

    const page = await sut.forAdmin(
      { recipient_id: me.user_id, status: 'failed', limit: 20 },
      callAs('admin'),
    );

    expect(page.items.map((n) => n.id)).toEqual([failed.id]);
    await expect(sut.forAdmin({ limit: 20 }, callAs('provider'))).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    await expect(sut.mine({ limit: 20 }, aCallMeta(null))).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
    });
  });
});
