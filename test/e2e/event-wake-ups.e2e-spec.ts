import { PAYOUT_EVENTS } from '@slotline/contracts';
import { pollUntil } from '@slotline/testing';
import { SmtpTestServer, waitForMail } from '../support/smtp-test-server';
import { emailOf } from './scheduling-support';
import { path, WebhooksHarness } from './webhooks-support';

/** The longest poll the webhook worker takes: only a wake-up can send anything within WAIT_MS. */
const ONE_MINUTE = '60000';
/** Generous for a loaded machine, and with the platform's start-up still well inside a minute. */
const WAIT_MS = 20_000;

/**
 * The wiring of the wake-ups, through the running apps: once an event's transaction has committed in
 * notifications, its consumers wake the e-mail dispatcher and the webhook worker, so an e-mail and a
 * webhook go out within moments of the event even when both workers poll only once a minute.
 */
jest.setTimeout(120_000);

describe('event wake-ups', () => {
  const h = new WebhooksHarness();
  const smtp = new SmtpTestServer();

  beforeAll(async () => {
    await smtp.start();
    await h.start({
      WEBHOOK_POLL_INTERVAL_MS: ONE_MINUTE,
      NOTIFICATIONS_POLL_INTERVAL_MS: ONE_MINUTE,
      EMAIL_TRANSPORT: 'smtp',
      SMTP_PORT: String(smtp.port),
      SMTP_TIMEOUT_MS: '2000',
    });
  });
  afterAll(async () => {
    await h.stop();
    await smtp.stop();
  });

  it('sends the e-mail and the webhook an event causes within seconds, though both workers poll once a minute', async () => {
    const hook = path('wake-up');
    await h.register(h.provider, hook, ['payout.approved']);
    // The provider's account event has reached the notifications directory.
    await pollUntil(
      'the provider in the notifications directory',
      async () =>
        (await h.db.query('SELECT 1 FROM notifications.recipients WHERE user_id = $1', [h.provider.id]))
          .rowCount,
    );
    const to = await emailOf(h.db, h.provider);

    await h.publishPayout(PAYOUT_EVENTS.approved.type, h.provider.id);

    const [webhooks] = await Promise.all([
      h.receiver.waitFor(hook, 1, WAIT_MS),
      waitForMail(smtp, to, /./, { timeoutMs: WAIT_MS }),
    ]);
    expect(webhooks).toHaveLength(1);
  });
});
