import type { AccountEventData } from '@slotline/contracts';
import { Metrics } from '@slotline/observability';
import { uuidv7 } from '@slotline/persistence';
import { capturedLogger, PrivateSchema } from '@slotline/testing';
import { randomUUID } from 'node:crypto';
import { SmtpTestServer } from '../../../../test/support/smtp-test-server';
import { NotificationPlanner } from '../notify/notification-planner';
import { NotificationsRepository } from '../notify/notifications.repository';
import { OPS_RECIPIENT_ID, RecipientsRepository } from '../recipients/recipients.repository';
import { TemplateRenderer } from '../templates/template-renderer';
import { notificationsPrivateSchema } from '../testing/notifications-private-schema';
import { LoggingSmsChannel } from './logging-sms.channel';
import { SmtpEmailChannel } from './nodemailer-email.channel';
import { NotificationDispatcher } from './notification-dispatcher';

/**
 * Emails that fail for good (NTF-3) on PostgreSQL, against an SMTP port nobody listens on: a user with a
 * phone gets the SMS fallback; ops, a mailbox without one, is recorded failed once and left alone.
 */
describe(NotificationDispatcher.name, () => {
  const { logger, logs } = capturedLogger('notifications');
  let db: PrivateSchema;
  let recipients: RecipientsRepository;
  let planner: NotificationPlanner;
  let sut: NotificationDispatcher;
  let clock = new Date('2031-02-03T08:00:00Z');

  beforeAll(async () => {
    const closed = new SmtpTestServer();
    await closed.start();
    const deadPort = closed.port;
    await closed.stop();
    db = await notificationsPrivateSchema('dsp_t');
    recipients = new RecipientsRepository(db.service, db.schema);
    const notifications = new NotificationsRepository(db.service, db.schema);
    planner = new NotificationPlanner({
      recipients,
      notifications,
      renderer: new TemplateRenderer(),
      settings: { emailEnabled: true, smsEnabled: true, maxAttempts: 2, opsEmail: 'ops@example.com' },
      now: () => clock,
    });
    const metrics = new Metrics({ service: 'notifications', collectDefault: false });
    sut = new NotificationDispatcher({
      dataSource: db.service,
      notifications,
      planner,
      email: new SmtpEmailChannel({ host: '127.0.0.1', port: deadPort, secure: false, timeoutMs: 2000 }),
      sms: new LoggingSmsChannel(logger),
      settings: {
        from: 'Slotline <no-reply@slotline.local>',
        pollIntervalMs: 0,
        retryBaseMs: 1000,
        retryMaxMs: 1000,
        leaseMs: 60_000,
        batchSize: 50,
      },
      logger,
      sent: metrics.counter('notifications_sent_total', 'sent', ['channel', 'outcome', 'category']),
      latency: metrics.histogram('notification_delivery_latency_seconds', 'latency', ['channel']),
      now: () => clock,
      random: () => 0,
    });
  });
  afterAll(async () => {
    await sut?.onModuleDestroy();
    await db?.drop();
  });

  /** Dispatcher passes, the clock moving past every retry delay (and every lease) between them. */
  async function passes(count: number): Promise<number[]> {
    const handled: number[] = [];
    for (let i = 0; i < count; i++) {
      handled.push(await sut.tick());
      clock = new Date(clock.getTime() + 120_000);
    }
    return handled;
  }

  it('falls back to SMS for a user with a phone, and records an ops email failed once, without a fallback', async () => {
    const customer: AccountEventData = {
      user_id: randomUUID(),
      email: 'customer@example.com',
      phone: '+4915100000000',
      time_zone: 'Europe/Berlin',
      locale: 'en',
      role: 'customer',
    };
    await recipients.upsert(db.service, customer, clock);
    const event = { id: uuidv7(), type: 'evt.scheduling.assignment.rejected.v1', occurredAt: clock };
    const vars = () => ({ assignment_id: randomUUID(), job_id: randomUUID(), reason: 'van broke down' });
    await planner.plan(db.service, {
      event,
      kind: 'assignment_rejected',
      recipients: [customer.user_id],
      vars,
    });
    await planner.plan(db.service, {
      event,
      kind: 'assignment_rejected_ops',
      recipients: [OPS_RECIPIENT_ID],
      vars,
    });

    // Both emails fail twice, the SMS goes out, and then nothing is due: nothing loops.
    expect(await passes(5)).toEqual([2, 2, 1, 0, 0]);

    const rows: Array<{ id: string; recipient_id: string; channel: string }> = await db.service.query(
      `SELECT id, recipient_id, channel, status, attempts, fallback_of FROM ${db.schema}.notifications
       WHERE event_id = $1 ORDER BY recipient_id, channel`,
      [event.id],
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
});
