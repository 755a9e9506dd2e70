import { ACCOUNT_EVENTS, EventEnvelope } from '@slotline/contracts';
import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import { connectTestNats, pollUntil } from '@slotline/testing';
import { Client } from 'pg';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { TestPlatform } from '../support/test-platform';
import { usePlatform } from '../support/use-platform';

/**
 * Issue 7: an event whose data breaks its declared class is dead-lettered by the running notifications
 * app (stored, logged, counted on /metrics) and the event behind it on the same consumer still flows.
 */
describe('inbox dead letters end to end', () => {
  let platform: TestPlatform;
  let db: Client;

  usePlatform(
    () => TestPlatform.start({ apps: ['auth-audit', 'notifications', 'gateway'] }),
    (started) => ({ platform, db } = started),
  );

  function accountCreated(email: string): EventEnvelope {
    return {
      id: uuidv7(),
      type: ACCOUNT_EVENTS.created.type,
      occurred_at: new Date().toISOString(),
      producer: 'auth-audit',
      actor: null,
      data: { user_id: randomUUID(), email, role: 'customer', time_zone: 'Europe/London', locale: 'en' },
    };
  }

  it('stores and counts a malformed account event, and the next one reaches the recipient directory', async () => {
    const bad = accountCreated('not an email');
    const good = accountCreated(`dl-${randomUUID()}@example.com`);
    const nc = await connectTestNats();
    for (const envelope of [bad, good]) {
      const h = natsHeaders();
      h.set('Nats-Msg-Id', envelope.id);
      await nc
        .jetstream()
        .publish(`${platform.env.NATS_SUBJECT_PREFIX}${envelope.type}`, JSON.stringify(envelope), {
          headers: h,
        });
    }
    await nc.close();

    const goodUser = (good.data as { user_id: string }).user_id;
    await pollUntil(
      'the good event in the directory',
      async () =>
        (await db.query('SELECT 1 FROM notifications.recipients WHERE user_id = $1', [goodUser])).rowCount,
    );
    const rows = await pollUntil('the dead letter', async () => {
      const found = await db.query(
        `SELECT consumer, event_type, reason, problems FROM notifications.inbox_dead_letters
         WHERE event_id = $1 AND consumer = 'notifications-auth'`,
        [bad.id],
      );
      return found.rowCount ? found.rows : null;
    });
    expect(rows).toEqual([
      {
        consumer: 'notifications-auth',
        event_type: ACCOUNT_EVENTS.created.type,
        reason: 'invalid_data',
        problems: ['email: isEmail'],
      },
    ]);
    const badUser = (bad.data as { user_id: string }).user_id;
    expect(
      (await db.query('SELECT 1 FROM notifications.recipients WHERE user_id = $1', [badUser])).rowCount,
    ).toBe(0);
    const metrics = (await request(platform.url('notifications')).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(
      /^inbox_dead_letters_total\{[^}]*durable="notifications-auth"[^}]*reason="invalid_data"[^}]*\} [1-9]/m,
    );
    expect(platform.logs.get('notifications')!.text()).toContain(`"event":"inbox_invalid_event"`);
  });
});
