import { ACCOUNT_EVENTS, AccountEventData, SCHEDULING_EVENTS } from '@slotline/contracts';
import { loadConfig } from '@slotline/config';
import { OutboxWriter } from '@slotline/messaging';
import { Metrics } from '@slotline/observability';
import { SERVICE_SCHEMAS, TransactionRunner } from '@slotline/persistence';
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
import { composeNotifications, NotificationsComposition } from '../notifications.composition';
import { TemplateRenderer } from '../templates/template-renderer';
import { notificationsPrivateSchema } from '../testing/notifications-private-schema';
import { WebhookSettings } from '../webhooks/webhooks.config';
import { LoggingSmsChannel } from './logging-sms.channel';
import { SmtpEmailChannel } from './nodemailer-email.channel';
import { NotificationDispatcher } from './notification-dispatcher';

/**
 * The dispatcher as the service composes it (composeNotifications on a PrivateSchema, as the service's
 * role), on PostgreSQL. Emails that fail for good (NTF-3), against an SMTP port nobody listens on: a
 * user with a phone gets the SMS fallback; ops, a mailbox without one, is recorded failed once and left
 * alone. A pass that fails (here: the service role lost its UPDATE grant) is logged and counted.
 */
describe(NotificationDispatcher.name, () => {
  const { logger, logs } = capturedLogger('notifications');
  const metrics = new Metrics({ service: 'notifications', collectDefault: false });
  let db: PrivateSchema;
  let nc: NatsConnection;
  let services: NotificationsComposition;
  let sut: NotificationDispatcher;
  let clock = new Date('2031-02-03T08:00:00Z');

  beforeAll(async () => {
    const closed = new SmtpTestServer();
    await closed.start();
    const deadPort = closed.port;
    await closed.stop();
    db = await notificationsPrivateSchema('dsp_t');
    nc = await connectTestNats();
    services = composeNotifications({
      dataSource: db.service,
      tx: new TransactionRunner(db.service),
      outbox: new OutboxWriter({ schema: db.schema, producer: 'notifications' }),
      nc,
      logger,
      metrics,
      schema: db.schema,
      email: new SmtpEmailChannel({ host: '127.0.0.1', port: deadPort, secure: false, timeoutMs: 2000 }),
      sms: new LoggingSmsChannel(logger),
      renderer: new TemplateRenderer(),
      planner: { emailEnabled: true, smsEnabled: true, maxAttempts: 2, opsEmail: 'ops@example.com' },
      dispatcher: {
        from: 'Slotline <no-reply@slotline.local>',
        pollIntervalMs: 0,
        retryBaseMs: 1000,
        retryMaxMs: 1000,
        leaseMs: 60_000,
        batchSize: 50,
      },
      calendar: {
        organizer: { name: 'Slotline', email: 'no-reply@slotline.local' },
        icsEnabled: false,
        googleLinksEnabled: false,
      },
      production: false,
      webhooks: loadConfig(WebhookSettings, { WEBHOOK_POLL_INTERVAL_MS: '0' }),
      now: () => clock,
    });
    sut = services.dispatcher;
  });
  afterAll(async () => {
    await sut?.onModuleDestroy();
    await nc?.close();
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
    const at = { occurred_at: clock.toISOString() };
    await services.router.handle(anEventEnvelope(ACCOUNT_EVENTS.created.type, customer, at), db.service);
    const rejected = anEventEnvelope(
      SCHEDULING_EVENTS.assignmentRejected,
      anAssignmentEventData({ customer_id: customer.user_id, status: 'rejected', reason: 'van broke down' }),
      at,
    );
    await services.router.handle(rejected, db.service);

    // Both emails fail twice, the SMS goes out, and then nothing is due: nothing loops.
    expect(await passes(5)).toEqual([2, 2, 1, 0, 0]);

    const rows: Array<{ id: string; recipient_id: string; channel: string }> = await db.service.query(
      `SELECT id, recipient_id, channel, status, attempts, fallback_of FROM ${db.schema}.notifications
       WHERE event_id = $1 ORDER BY recipient_id, channel`,
      [rejected.id],
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
});
