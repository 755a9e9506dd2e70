import { uuidv7 } from '@slotline/persistence';
import { PrivateSchema } from '@slotline/testing';
import { DataSource } from 'typeorm';
import { notificationsPrivateSchema } from '../testing/notifications-private-schema';
import { AttemptRecord, NewNotification } from './notification.record';
import { NotificationsRepository } from './notifications.repository';

/** The dispatcher's outcomes on PostgreSQL: several successful sends recorded by one statement. */
describe(NotificationsRepository.name, () => {
  let db: PrivateSchema;
  let dataSource: DataSource;
  let schema: string;
  let sut: NotificationsRepository;

  beforeAll(async () => {
    db = await notificationsPrivateSchema('ntf_t');
    ({ service: dataSource, schema } = db);
    sut = new NotificationsRepository(dataSource, schema);
  });
  afterAll(() => db?.drop());

  const aQueuedEmail = (): NewNotification => ({
    id: uuidv7(),
    eventId: uuidv7(),
    eventType: 'evt.scheduling.assignment.schedule_confirmed.v1',
    eventOccurredAt: new Date('2031-02-03T08:00:00Z'),
    kind: 'schedule_confirmed',
    category: 'scheduling',
    critical: false,
    recipientId: uuidv7(),
    channel: 'email',
    address: 'r@example.com',
    status: 'queued',
    maxAttempts: 5,
    nextAttemptAt: new Date('2031-02-03T08:00:00Z'),
    content: { locale: 'en', subject: 's', text: 't', html: 'h', sms: 's' },
  });

  const sent = (notificationId: string, attempt: number, second: number): AttemptRecord => ({
    notificationId,
    attempt,
    status: 'sent',
    response: `250 queued as ${second}`,
    error: null,
    startedAt: new Date(`2031-02-03T08:00:0${second}.000Z`),
    finishedAt: new Date(`2031-02-03T08:00:0${second}.500Z`),
  });

  it('records each successful send and marks its notification sent, in one statement', async () => {
    const [first, second, untouched] = [aQueuedEmail(), aQueuedEmail(), aQueuedEmail()];
    await sut.insertMany(dataSource, [first, second, untouched]);

    await sut.recordSent([sent(first.id, 1, 1), sent(second.id, 3, 2)]);

    const rows = await dataSource.query(
      `SELECT id, status, attempts, last_response, last_error, sent_at, updated_at, lease_until
       FROM ${schema}.notifications WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[first.id, second.id, untouched.id]],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        id: first.id,
        status: 'sent',
        attempts: 1,
        last_response: '250 queued as 1',
        last_error: null,
        sent_at: new Date('2031-02-03T08:00:01.500Z'),
        updated_at: new Date('2031-02-03T08:00:01.500Z'),
        lease_until: null,
      }),
      expect.objectContaining({
        id: second.id,
        status: 'sent',
        attempts: 3,
        last_response: '250 queued as 2',
      }),
      expect.objectContaining({ id: untouched.id, status: 'queued', attempts: 0, sent_at: null }),
    ]);
    expect(await sut.attemptsOf([first.id, second.id, untouched.id])).toEqual([
      sent(first.id, 1, 1),
      sent(second.id, 3, 2),
    ]);
  });

  it('withdraws a cancelled visit’s waiting messages, but not critical, leased, sent or other visits’ ones', async () => {
    const visit = uuidv7();
    const ofVisit = (overrides: Partial<NewNotification> = {}) => ({
      ...aQueuedEmail(),
      visitId: visit,
      ...overrides,
    });
    const deferred = ofVisit({ kind: 'reminder_upcoming', nextAttemptAt: new Date('2031-02-04T07:00:00Z') });
    const retrying = ofVisit();
    const critical = ofVisit({ kind: 'schedule_cancelled', critical: true });
    const leased = ofVisit();
    const sentOne = ofVisit();
    const otherVisit = { ...aQueuedEmail(), visitId: uuidv7() };
    const noVisit = aQueuedEmail();
    const all = [deferred, retrying, critical, leased, sentOne, otherVisit, noVisit];
    await sut.insertMany(dataSource, all);
    await dataSource.query(
      `UPDATE ${schema}.notifications SET lease_until = now() + interval '1 minute' WHERE id = $1`,
      [leased.id],
    );
    await sut.recordSent([sent(sentOne.id, 1, 1)]);

    expect(await sut.withdrawQueuedForVisit(dataSource, visit, 'the visit was cancelled', new Date())).toBe(
      2,
    );

    const rows = await dataSource.query(
      `SELECT id, status, skip_reason FROM ${schema}.notifications WHERE id = ANY($1::uuid[])`,
      [all.map((n) => n.id)],
    );
    const byId = new Map(rows.map((r: { id: string }) => [r.id, r]));
    expect(all.map((n) => byId.get(n.id))).toEqual([
      { id: deferred.id, status: 'skipped', skip_reason: 'the visit was cancelled' },
      { id: retrying.id, status: 'skipped', skip_reason: 'the visit was cancelled' },
      { id: critical.id, status: 'queued', skip_reason: null },
      { id: leased.id, status: 'queued', skip_reason: null },
      { id: sentOne.id, status: 'sent', skip_reason: null },
      { id: otherVisit.id, status: 'queued', skip_reason: null },
      { id: noVisit.id, status: 'queued', skip_reason: null },
    ]);
  });

  it('records an attempt once when its outcome is written again (a retried write)', async () => {
    const email = aQueuedEmail();
    await sut.insertMany(dataSource, [email]);

    await sut.recordSent([sent(email.id, 1, 1)]);
    await sut.recordSent([sent(email.id, 1, 1)]);

    expect(await sut.attemptsOf([email.id])).toEqual([sent(email.id, 1, 1)]);
  });
});
