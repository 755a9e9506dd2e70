import { ACCOUNT_EVENTS, AccountEventData, SCHEDULING_EVENTS } from '@slotline/contracts';
import { Metrics } from '@slotline/observability';
import { SERVICE_SCHEMAS } from '@slotline/persistence';
import {
  anAssignmentEventData,
  anEventEnvelope,
  capturedLogger,
  connectTestNats,
  PrivateSchema,
  sampleValue,
} from '@slotline/testing';
import type { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { SmtpTestServer } from '../../../../test/support/smtp-test-server';
import { NotificationsComposition } from '../notifications.composition';
import { notificationsPrivateSchema } from '../testing/notifications-private-schema';
import { composeNotificationsForTest } from '../testing/notifications-test-composition';
import { NotificationDispatcher, UNRECORDED_SENDS_LIMIT } from './notification-dispatcher';

/**
 * NTF-5 when recording keeps failing: the composed dispatcher on PostgreSQL, with a real SMTP server that
 * accepts every message, and the service role unable to write attempts. Each send goes out, its outcome
 * is lost and the lease runs out; the message must not go out at every lease expiry forever.
 */
describe(`${NotificationDispatcher.name} with outcomes that cannot be recorded`, () => {
  const { logger, logs } = capturedLogger('notifications');
  const metrics = new Metrics({ service: 'notifications', collectDefault: false });
  const smtp = new SmtpTestServer();
  let db: PrivateSchema;
  let nc: NatsConnection;
  let services: NotificationsComposition;
  let sut: NotificationDispatcher;
  let clock = new Date('2031-02-03T08:00:00Z');

  beforeAll(async () => {
    await smtp.start();
    db = await notificationsPrivateSchema('dsu_t');
    nc = await connectTestNats();
    services = composeNotificationsForTest({
      db,
      nc,
      logger,
      metrics,
      smtpPort: smtp.port,
      now: () => clock,
    });
    sut = services.dispatcher;
  });
  afterAll(async () => {
    await sut?.onModuleDestroy();
    await nc?.close();
    await db?.drop();
    await smtp.stop();
  });

  /** Dispatcher passes, the clock moving past every lease between them. */
  async function passes(count: number): Promise<number[]> {
    const handled: number[] = [];
    for (let i = 0; i < count; i++) {
      handled.push(await sut.tick());
      clock = new Date(clock.getTime() + 120_000);
    }
    return handled;
  }

  it(`sends each message at most ${UNRECORDED_SENDS_LIMIT} times, then records it failed with the reason and says so`, async () => {
    const customer: AccountEventData = {
      user_id: randomUUID(),
      email: 'unrecorded@example.com',
      phone: null,
      time_zone: 'Europe/Berlin',
      locale: 'en',
      role: 'customer',
    };
    const at = { occurred_at: clock.toISOString() };
    await services.router.handle(anEventEnvelope(ACCOUNT_EVENTS.created.type, customer, at), db.service);
    const rejected = anEventEnvelope(
      SCHEDULING_EVENTS.assignmentRejected,
      anAssignmentEventData({ customer_id: customer.user_id, status: 'rejected', reason: 'van broke down' }),
      at,
    );
    await services.router.handle(rejected, db.service);
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

    expect(smtp.to(customer.email)).toHaveLength(UNRECORDED_SENDS_LIMIT);
    expect(smtp.to('ops@example.com')).toHaveLength(UNRECORDED_SENDS_LIMIT);
    const rows: Array<{ id: string; recipient_id: string }> = await db.service.query(
      `SELECT id, recipient_id, status, attempts, last_error FROM ${db.schema}.notifications
       WHERE event_id = $1 ORDER BY recipient_id`,
      [rejected.id],
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
    const body = (await metrics.render()).body;
    expect(sampleValue(body, 'notifications_abandoned_total', { channel: 'email' })).toBe(2);
    expect(sampleValue(body, 'notification_dispatch_failed_total')).toBe(UNRECORDED_SENDS_LIMIT);
  });
});
