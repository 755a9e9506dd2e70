import { capturedLogger, pollUntil } from '@slotline/testing';
import { waitForMail } from '../../../../test/support/smtp-test-server';
import { aRejectedCustomer, SteppingClock } from '../testing/dispatcher-scenario';
import { SmtpDispatcherFixture, smtpDispatcherFixture } from '../testing/smtp-dispatcher-fixture';
import { NotificationDispatcher } from './notification-dispatcher';

/**
 * A nudge (what the events consumer gives after each event) sends what was queued at once, not at the
 * next poll: with a one-minute poll, nothing goes out until the nudge, and the e-mail reaches a real SMTP
 * server right after it.
 */
describe(`${NotificationDispatcher.name} nudge`, () => {
  const { logger } = capturedLogger('notifications');
  const clock = new SteppingClock(new Date('2031-02-03T08:00:00Z'));
  let f: SmtpDispatcherFixture;
  let sut: NotificationDispatcher;

  beforeAll(async () => {
    f = await smtpDispatcherFixture({ prefix: 'dsn_t', logger, now: clock.now, pollIntervalMs: 60_000 });
    sut = f.services.dispatcher;
    sut.onApplicationBootstrap();
  });
  afterAll(() => f?.stop());

  it('sends what was queued right after a nudge, not at the next poll', async () => {
    const { customer } = await aRejectedCustomer(f.services, f.db, clock, { phone: null });
    await new Promise((r) => setTimeout(r, 500));
    expect(f.smtp.to(customer.email)).toEqual([]);

    sut.nudge();

    const mail = await waitForMail(f.smtp, customer.email, /./, { timeoutMs: 5_000 });
    expect(mail.to).toEqual([customer.email]);
    // The outcome is recorded once the server has answered: a moment after the mail arrives.
    const status = await pollUntil(
      'the e-mail recorded sent',
      async () =>
        (
          await f.db.service.query(
            `SELECT status FROM ${f.db.schema}.notifications WHERE recipient_id = $1 AND channel = 'email'`,
            [customer.user_id],
          )
        )[0]?.status,
      { until: (s) => s === 'sent', timeoutMs: 5_000 },
    );
    expect(status).toBe('sent');
  });
});
