import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { capturedLogger, PrivateSchema, sampleValue } from '@slotline/testing';
import { NotificationsComposition } from '../notifications.composition';
import { aRejectedCustomer, dispatcherPasses, SteppingClock } from '../testing/dispatcher-scenario';
import { SmtpDispatcherFixture, smtpDispatcherFixture } from '../testing/smtp-dispatcher-fixture';
import { NotificationDispatcher, UNRECORDED_SENDS_LIMIT } from './notification-dispatcher';

/**
 * NTF-5 when recording keeps failing: the composed dispatcher on PostgreSQL, with a real SMTP server that
 * accepts every message, and the service role unable to write attempts. Each send goes out, its outcome
 * is lost and the lease runs out; the message must not go out at every lease expiry forever.
 */
describe(`${NotificationDispatcher.name} with outcomes that cannot be recorded`, () => {
  const { logger, logs } = capturedLogger('notifications');
  let f: SmtpDispatcherFixture;
  let db: PrivateSchema;
  let services: NotificationsComposition;
  let sut: NotificationDispatcher;
  const clock = new SteppingClock(new Date('2031-02-03T08:00:00Z'));

  beforeAll(async () => {
    f = await smtpDispatcherFixture({ prefix: 'dsu_t', logger, now: clock.now });
    ({ db, services } = f);
    sut = services.dispatcher;
  });
  afterAll(() => f?.stop());

  const passes = (count: number) => dispatcherPasses(sut, clock, count);

  it(`sends each message at most ${UNRECORDED_SENDS_LIMIT} times, then records it failed with the reason and says so`, async () => {
    const { customer, eventId } = await aRejectedCustomer(services, db, clock, {
      email: 'unrecorded@example.com',
      phone: null,
    });
    const attempts = `${db.schema}.notification_attempts`;
    const { role } = SERVICE_SCHEMAS.notifications;
    await db.superuser.query(`REVOKE INSERT ON ${attempts} FROM ${role}`);
    try {
      // Three passes send both emails and fail to record them; the fourth gives both up; then nothing.
      expect(await passes(8)).toEqual([0, 0, 0, 2, 0, 0, 0, 0]);
    } finally {
      await db.superuser.query(`GRANT INSERT ON ${attempts} TO ${role}`);
    }
    expect(await passes(2)).toEqual([0, 0]);

    expect(f.smtp.to(customer.email)).toHaveLength(UNRECORDED_SENDS_LIMIT);
    expect(f.smtp.to('ops@example.com')).toHaveLength(UNRECORDED_SENDS_LIMIT);
    const rows: Array<{ id: string; recipient_id: string }> = await db.service.query(
      `SELECT id, recipient_id, status, attempts, last_error FROM ${db.schema}.notifications
       WHERE event_id = $1 ORDER BY recipient_id`,
      [eventId],
    );
    const failed = {
      status: 'failed',
      attempts: 0,
      last_error: `not sent again: the outcome of ${UNRECORDED_SENDS_LIMIT} earlier sends could not be recorded (they may have been delivered)`,
    };
    expect(rows).toEqual([
      { id: expect.any(String), recipient_id: customer.user_id, ...failed },
      { id: expect.any(String), recipient_id: 'ops', ...failed },
    ]);
    const abandoned = logs.records().filter((r) => r.event === 'notification_abandoned');
    expect(abandoned).toEqual(
      expect.arrayContaining(
        rows.map((r) =>
          expect.objectContaining({
            level: 'warn',
            notification_id: r.id,
            channel: 'email',
            leases: UNRECORDED_SENDS_LIMIT + 1,
          }),
        ),
      ),
    );
    expect(abandoned).toHaveLength(2);
    const body = (await f.metrics.render()).body;
    expect(sampleValue(body, 'notifications_abandoned_total', { channel: 'email' })).toBe(2);
    expect(sampleValue(body, 'notification_dispatch_failed_total')).toBe(UNRECORDED_SENDS_LIMIT);
  });
});
