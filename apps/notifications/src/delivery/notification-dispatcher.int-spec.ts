import { Metrics } from '@slotline/observability';
import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { capturedLogger, connectTestNats, PrivateSchema, sampleValue } from '@slotline/testing';
import type { NatsConnection } from 'nats';
import { SmtpTestServer } from '../../../../test/support/smtp-test-server';
import { NotificationsComposition } from '../notifications.composition';
import {
  aRejectedCustomer as aRejectedCustomerOf,
  dispatcherPasses,
  SteppingClock,
} from '../testing/dispatcher-scenario';
import { notificationsPrivateSchema } from '../testing/notifications-private-schema';
import { composeNotificationsForTest } from '../testing/notifications-test-composition';
import { NotificationDispatcher } from './notification-dispatcher';

/**
 * The dispatcher as the service composes it (composeNotifications on a PrivateSchema, as the service's
 * role), on PostgreSQL. Emails that fail for good (NTF-3), against an SMTP port nobody listens on: a
 * user with a phone gets the SMS fallback; ops, a mailbox without one, is recorded failed once and left
 * alone, and so is a user's email whose fallback cannot be planned. A pass that fails (here: the service
 * role lost its UPDATE grant) is logged and counted, with every distinct error of its deliveries.
 */
describe(NotificationDispatcher.name, () => {
  const { logger, logs } = capturedLogger('notifications');
  const metrics = new Metrics({ service: 'notifications', collectDefault: false });
  let db: PrivateSchema;
  let nc: NatsConnection;
  let services: NotificationsComposition;
  let sut: NotificationDispatcher;
  const clock = new SteppingClock(new Date('2031-02-03T08:00:00Z'));

  beforeAll(async () => {
    const closed = new SmtpTestServer();
    await closed.start();
    const deadPort = closed.port;
    await closed.stop();
    db = await notificationsPrivateSchema('dsp_t');
    nc = await connectTestNats();
    services = composeNotificationsForTest({ db, nc, logger, metrics, smtpPort: deadPort, now: clock.now });
    sut = services.dispatcher;
  });
  afterAll(async () => {
    await sut?.onModuleDestroy();
    await nc?.close();
    await db?.drop();
  });

  const passes = (count: number) => dispatcherPasses(sut, clock, count);
  const aRejectedCustomer = () => aRejectedCustomerOf(services, db, clock);

  it('falls back to SMS for a user with a phone, and records an ops email failed once, without a fallback', async () => {
    const { customer, eventId } = await aRejectedCustomer();

    // Both emails fail twice, the SMS goes out, and then nothing is due: nothing loops.
    expect(await passes(5)).toEqual([2, 2, 1, 0, 0]);

    const rows: Array<{ id: string; recipient_id: string; channel: string }> = await db.service.query(
      `SELECT id, recipient_id, channel, status, attempts, fallback_of FROM ${db.schema}.notifications
       WHERE event_id = $1 ORDER BY recipient_id, channel`,
      [eventId],
    );
    const email = rows.find((r) => r.recipient_id === customer.user_id && r.channel === 'email')!;
    expect(rows).toEqual([
      {
        id: email.id,
        recipient_id: customer.user_id,
        channel: 'email',
        status: 'failed',
        attempts: 2,
        fallback_of: null,
      },
      expect.objectContaining({
        recipient_id: customer.user_id,
        channel: 'sms',
        status: 'sent',
        fallback_of: email.id,
      }),
      expect.objectContaining({
        recipient_id: 'ops',
        channel: 'email',
        status: 'failed',
        attempts: 2,
        fallback_of: null,
      }),
    ]);
    const attempts = await db.service.query(
      `SELECT count(*)::int AS n FROM ${db.schema}.notification_attempts WHERE notification_id = $1`,
      [rows[2].id],
    );
    expect(attempts[0].n).toBe(2);
    const failures = logs.records().filter((r) => r.event === 'notification_failed');
    expect(failures).toHaveLength(2);
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ notification_id: email.id, fallback: true }),
        expect.objectContaining({ notification_id: rows[2].id, fallback: false }),
      ]),
    );
    expect(logs.text()).not.toContain('notification_dispatch_failed');
  });

  it('records an email failed for good without its fallback when the fallback cannot be planned, and sends it no more', async () => {
    const { customer, eventId } = await aRejectedCustomer();
    const { role } = SERVICE_SCHEMAS.notifications;
    // The fallback reads the directory; the attempt and the failure do not.
    await db.superuser.query(`REVOKE SELECT ON ${db.schema}.recipients FROM ${role}`);
    try {
      expect(await passes(4)).toEqual([2, 2, 0, 0]);
    } finally {
      await db.superuser.query(`GRANT SELECT ON ${db.schema}.recipients TO ${role}`);
    }

    const rows = await db.service.query(
      `SELECT n.channel, n.status, n.attempts, n.last_error, count(a.*)::int AS attempt_rows
       FROM ${db.schema}.notifications n LEFT JOIN ${db.schema}.notification_attempts a ON a.notification_id = n.id
       WHERE n.event_id = $1 AND n.recipient_id = $2 GROUP BY n.id`,
      [eventId, customer.user_id],
    );
    expect(rows).toEqual([
      { channel: 'email', status: 'failed', attempts: 2, last_error: expect.any(String), attempt_rows: 2 },
    ]);
    const [email] = await db.service.query(
      `SELECT id FROM ${db.schema}.notifications WHERE event_id = $1 AND recipient_id = $2`,
      [eventId, customer.user_id],
    );
    const mine = logs.records().filter((r) => r.notification_id === email.id);
    expect(mine).toEqual([
      expect.objectContaining({ event: 'notification_fallback_failed', level: 'error', error_code: '42501' }),
      expect.objectContaining({ event: 'notification_failed', fallback: false, attempts: 2 }),
    ]);
    expect(logs.text()).not.toContain('notification_dispatch_failed');
  });

  it('logs and counts a pass that fails, once per failure, with its SQLSTATE, and recovers', async () => {
    const failedPasses = async () =>
      sampleValue((await metrics.render()).body, 'notification_dispatch_failed_total');
    const before = await failedPasses();
    const table = `${db.schema}.notifications`;
    const { role } = SERVICE_SCHEMAS.notifications;
    await db.superuser.query(`REVOKE UPDATE ON ${table} FROM ${role}`);
    try {
      expect(await passes(2)).toEqual([0, 0]);
    } finally {
      await db.superuser.query(`GRANT UPDATE ON ${table} TO ${role}`);
    }
    expect(await passes(1)).toEqual([0]);

    expect((await failedPasses()) - before).toBe(2);
    const failures = logs.records().filter((r) => r.event === 'notification_dispatch_failed');
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ level: 'error', error_code: '42501' });
    expect(JSON.stringify(failures)).not.toMatch(/postgres:\/\//);
  });

  it('logs every distinct error of a failed pass, with how many deliveries each failed, and counts the pass once', async () => {
    const failedPasses = async () =>
      sampleValue((await metrics.render()).body, 'notification_dispatch_failed_total');
    const before = await failedPasses();
    const seen = logs.records().length;
    await aRejectedCustomer();
    // Recording the customer's failed attempt and the ops one fail, each for a reason of its own.
    await db.superuser.query(
      `CREATE FUNCTION ${db.schema}.refuse_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.recipient_id = 'ops' THEN
           RAISE EXCEPTION 'ops outcome refused' USING ERRCODE = 'lock_not_available';
         END IF;
         RAISE EXCEPTION 'outcome refused' USING ERRCODE = 'check_violation';
       END $$`,
    );
    await db.superuser.query(
      `CREATE TRIGGER refuse_outcome BEFORE UPDATE ON ${db.schema}.notifications FOR EACH ROW
       WHEN (NEW.attempts > OLD.attempts) EXECUTE FUNCTION ${db.schema}.refuse_outcome()`,
    );
    try {
      expect(await passes(1)).toEqual([0]);
    } finally {
      await db.superuser.query(`DROP TRIGGER refuse_outcome ON ${db.schema}.notifications`);
    }

    expect((await failedPasses()) - before).toBe(1);
    const failures = logs
      .records()
      .slice(seen)
      .filter((r) => r.event === 'notification_dispatch_failed');
    expect(failures).toHaveLength(2);
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', error_code: '55P03', count: 1 }),
        expect.objectContaining({ level: 'error', error_code: '23514', count: 1 }),
      ]),
    );
    expect(failures.every((f) => !('code' in f))).toBe(true);
  });

  it('keeps the fallback when planning it hits a passing error (a deadlock): the next lease tries again', async () => {
    const seen = logs.records().length;
    const { customer, eventId } = await aRejectedCustomer();
    // The fallback's SMS row cannot be written once, as if it lost a deadlock.
    await db.superuser.query(
      `CREATE FUNCTION ${db.schema}.deadlock_sms() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = 'deadlock_detected'; END $$`,
    );
    await db.superuser.query(
      `CREATE TRIGGER deadlock_sms BEFORE INSERT ON ${db.schema}.notifications FOR EACH ROW
       WHEN (NEW.channel = 'sms') EXECUTE FUNCTION ${db.schema}.deadlock_sms()`,
    );
    try {
      // Both emails fail a first time; at the second the customer's fallback cannot be written.
      await passes(2);
    } finally {
      await db.superuser.query(`DROP TRIGGER deadlock_sms ON ${db.schema}.notifications`);
    }
    const customerRows = () =>
      db.service.query(
        `SELECT channel, status, attempts FROM ${db.schema}.notifications
         WHERE event_id = $1 AND recipient_id = $2 ORDER BY channel`,
        [eventId, customer.user_id],
      );
    // Not recorded failed without its fallback: still queued, back with its lease.
    expect(await customerRows()).toEqual([{ channel: 'email', status: 'queued', attempts: 1 }]);
    // It fails for good again and falls back to SMS (earlier tests' rows may be handled alongside).
    await passes(3);

    expect(await customerRows()).toEqual([
      { channel: 'email', status: 'failed', attempts: 2 },
      { channel: 'sms', status: 'sent', attempts: 1 },
    ]);
    const mine = logs.records().slice(seen);
    expect(mine.filter((r) => r.event === 'notification_fallback_failed')).toEqual([]);
    expect(mine).toContainEqual(
      expect.objectContaining({ event: 'notification_dispatch_failed', error_code: '40P01' }),
    );
  });
});
