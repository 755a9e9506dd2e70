import { Metrics } from '@slotline/observability';
import { capturedLogger, connectTestNats, pollUntil, PrivateSchema } from '@slotline/testing';
import type { NatsConnection } from 'nats';
import { SmtpTestServer, waitForMail } from '../../../../test/support/smtp-test-server';
import { aRejectedCustomer, SteppingClock } from '../testing/dispatcher-scenario';
import { notificationsPrivateSchema } from '../testing/notifications-private-schema';
import { composeNotificationsForTest } from '../testing/notifications-test-composition';
import { NotificationDispatcher } from './notification-dispatcher';

/**
 * A nudge (what the events consumer gives after each event) sends what was queued at once, not at the
 * next poll: with a one-minute poll, nothing goes out until the nudge, and the e-mail reaches a real SMTP
 * server right after it.
 */
describe(`${NotificationDispatcher.name} nudge`, () => {
  const { logger } = capturedLogger('notifications');
  const metrics = new Metrics({ service: 'notifications', collectDefault: false });
  const smtp = new SmtpTestServer();
  const clock = new SteppingClock(new Date('2031-02-03T08:00:00Z'));
  let db: PrivateSchema;
  let nc: NatsConnection;
  let sut: NotificationDispatcher;
  let services: ReturnType<typeof composeNotificationsForTest>;

  beforeAll(async () => {
    await smtp.start();
    db = await notificationsPrivateSchema('dsn_t');
    nc = await connectTestNats();
    services = composeNotificationsForTest({
      db,
      nc,
      logger,
      metrics,
      smtpPort: smtp.port,
      now: clock.now,
      pollIntervalMs: 60_000,
    });
    sut = services.dispatcher;
    sut.onApplicationBootstrap();
  });
  afterAll(async () => {
    await sut?.onModuleDestroy();
    await nc?.close();
    await db?.drop();
    await smtp.stop();
  });

  it('sends what was queued right after a nudge, not at the next poll', async () => {
    const { customer } = await aRejectedCustomer(services, db, clock, { phone: null });
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.to(customer.email)).toEqual([]);

    sut.nudge();

    const mail = await waitForMail(smtp, customer.email, /./, { timeoutMs: 5_000 });
    expect(mail.to).toEqual([customer.email]);
    // The outcome is recorded once the server has answered: a moment after the mail arrives.
    const status = await pollUntil(
      'the e-mail recorded sent',
      async () =>
        (
          await db.service.query(
            `SELECT status FROM ${db.schema}.notifications WHERE recipient_id = $1 AND channel = 'email'`,
            [customer.user_id],
          )
        )[0]?.status,
      { until: (s) => s === 'sent', timeoutMs: 5_000 },
    );
    expect(status).toBe('sent');
  });
});
