import { PAYOUT_EVENTS } from '@slotline/contracts';
import { pollUntil } from '@slotline/testing';
import request from 'supertest';
import { createJob, EVERY_DAY, localAhead } from './scheduling-support';
import { bodyOf, path, WebhooksHarness } from './webhooks-support';

/**
 * GW-8 end to end, delivery: real scheduling events and published payout events reach a real HTTP receiver
 * that verifies every request; routing by owner, retries, disabling on 410 or a failure window, and
 * retries kept across a restart, on a compressed schedule.
 */
// A shared CI machine can be slow: the event path crosses four apps, NATS and PostgreSQL.
jest.setTimeout(180_000);

describe('outbound webhooks: delivery', () => {
  const h = new WebhooksHarness();
  let platform: WebhooksHarness['platform'];
  let http: WebhooksHarness['http'];
  let receiver: WebhooksHarness['receiver'];
  let admin: WebhooksHarness['admin'];
  let provider: WebhooksHarness['provider'];
  let otherProvider: WebhooksHarness['otherProvider'];
  let customer: WebhooksHarness['customer'];

  beforeAll(async () => {
    await h.start();
    ({ platform, http, receiver, admin, provider, otherProvider, customer } = h);
  });
  afterAll(() => h.stop());

  it('delivers real booking events, signed per Standard Webhooks, to the platform and the own provider only', async () => {
    const [platformPath, ownPath, otherPath] = [path('platform'), path('own'), path('other')];
    const bookingTypes = ['booking.proposed', 'booking.confirmed', 'booking.rescheduled'];
    await h.register(admin, platformPath, bookingTypes);
    await h.register(provider, ownPath, bookingTypes);
    await h.register(otherProvider, otherPath, bookingTypes);

    await http
      .post('/v1/me/practitioner')
      .set(provider.auth)
      .send({ name: 'Dr Hook', time_zone: 'Europe/London', weekly_hours: EVERY_DAY('08:00', '18:00') })
      .expect(201);
    const job = await createJob(http, customer);
    const accepted = await http.post(`/v1/jobs/${job.body.id}/accept`).set(provider.auth).expect(201);
    const start = localAhead('Europe/London', 14, '10:00');
    await http
      .post(`/v1/jobs/${job.body.id}/schedule`)
      .set(customer.auth)
      .send({ start, schedule_version: 0 })
      .expect(200);
    await http
      .post(`/v1/assignments/${accepted.body.id}/schedule/confirm`)
      .set(provider.auth)
      .send({ schedule_version: 1 })
      .expect(200);

    // The platform-wide endpoint gets every booking on the platform; these are the ones of this visit.
    const ofThisVisit = (p: string) =>
      receiver
        .at(p)
        .filter((r) => (bodyOf(r).data as { assignment_id?: string }).assignment_id === accepted.body.id);
    for (const p of [platformPath, ownPath]) {
      await pollUntil(`two deliveries of this visit at ${p}`, () => ofThisVisit(p).length >= 2, {
        timeoutMs: 60_000,
      });
      const got = ofThisVisit(p);
      expect(got.map((r) => bodyOf(r).type).sort()).toEqual(['booking.confirmed', 'booking.proposed']);
      for (const r of got) {
        expect(r.verifiedBy).toEqual([0]);
        expect(bodyOf(r).data).toMatchObject({
          schema_version: 1,
          assignment_id: accepted.body.id,
          provider_user_id: provider.id,
        });
      }
    }
    // The same event has the same webhook-id at every endpoint.
    expect(new Set(ofThisVisit(platformPath).map((r) => r.id))).toEqual(
      new Set(receiver.at(ownPath).map((r) => r.id)),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.at(otherPath)).toHaveLength(0);
  });
  it('routes payout events by provider_user_id and retries a 500 with the same webhook-id', async () => {
    const [ownPath, otherPath] = [path('payout-own'), path('payout-other')];
    const own = await h.register(provider, ownPath, ['payout.approved']);
    await h.register(otherProvider, otherPath, ['payout.approved']);
    receiver.script(ownPath, 500, 200);

    const event = await h.publishPayout(PAYOUT_EVENTS.approved.type, provider.id);
    const got = await receiver.waitFor(ownPath, 2);
    expect(got.map((r) => r.answered)).toEqual([500, 200]);
    expect(got.map((r) => r.id)).toEqual([event.id, event.id]);
    expect(got.every((r) => r.verifiedBy.length === 1)).toBe(true);
    expect(bodyOf(got[1])).toMatchObject({
      type: 'payout.approved',
      data: { amount_minor: 12_500, currency: 'GBP' },
    });

    // The attempt log, newest first, one row per attempt, with cursor pagination.
    const attempts = await pollUntil(
      'both attempts in the endpoint log',
      async () => {
        const res = await http
          .get(`/v1/webhooks/endpoints/${own.id}/attempts`)
          .set(provider.auth)
          .expect(200);
        return res.body.items;
      },
      { until: (items) => items.length === 2, timeoutMs: 60_000 },
    );
    expect(attempts.map((a: { outcome: string; status_code: number }) => [a.outcome, a.status_code])).toEqual(
      [
        ['delivered', 200],
        ['failed', 500],
      ],
    );
    expect(attempts[1]).toMatchObject({
      event_id: event.id,
      event_type: 'payout.approved',
      attempt: 1,
      response_body: 'status 500',
    });
    const page1 = await http
      .get(`/v1/webhooks/endpoints/${own.id}/attempts?limit=1`)
      .set(provider.auth)
      .expect(200);
    expect(page1.body).toMatchObject({ has_more: true, items: [{ id: attempts[0].id }] });
    const page2 = await http
      .get(`/v1/webhooks/endpoints/${own.id}/attempts`)
      .query({ limit: 1, cursor: page1.body.next_cursor })
      .set(provider.auth)
      .expect(200);
    expect(page2.body).toMatchObject({ has_more: false, items: [{ id: attempts[1].id }] });

    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.at(otherPath)).toHaveLength(0);
  });
  it('disables an endpoint that answers 410, loudly: the endpoint says why and the audit log records it', async () => {
    const gonePath = path('gone');
    const gone = await h.register(admin, gonePath, ['payout.denied']);
    receiver.script(gonePath, 410);
    await h.publishPayout(PAYOUT_EVENTS.denied.type, provider.id);
    await receiver.waitFor(gonePath, 1);
    const disabled = await pollUntil('the gone endpoint to be disabled', () => h.endpoint(admin, gone.id), {
      until: (e) => !e.enabled,
      timeoutMs: 60_000,
    });
    expect(disabled).toMatchObject({ enabled: false, disabled_reason: 'gone' });
    const audit = await pollUntil(
      'the audit record of the disabling',
      async () => {
        const res = await http
          .get('/v1/admin/audit-logs')
          .query({ action: 'notifications.webhook_endpoint.disabled', resource_id: gone.id })
          .set(admin.auth)
          .expect(200);
        return res.body.items[0];
      },
      { timeoutMs: 60_000 },
    );
    expect(audit).toMatchObject({
      outcome: 'failure',
      resource_type: 'webhook_endpoint',
      resource_id: gone.id,
    });

    // Nothing is queued for a disabled endpoint; once re-enabled, a replay sends what it missed.
    const missed = await h.publishPayout(PAYOUT_EVENTS.denied.type, provider.id);
    await new Promise((r) => setTimeout(r, 700));
    expect(receiver.at(gonePath)).toHaveLength(1);
    receiver.script(gonePath, 200);
    const enabled = await http
      .patch(`/v1/webhooks/endpoints/${gone.id}`)
      .set(admin.auth)
      .send({ enabled: true })
      .expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabled_reason: null, disabled_at: null });
    await http
      .post(`/v1/webhooks/endpoints/${gone.id}/replay`)
      .set(admin.auth)
      .send({ since: missed.occurred_at, until: new Date(Date.now() + 1000).toISOString() })
      .expect(202);
    const got = await receiver.waitFor(gonePath, 2);
    expect(got[1].id).toBe(missed.id);
  });
  it('disables an endpoint that fails for the whole failure window (compressed to 2 s)', async () => {
    const failingPath = path('failing');
    const failing = await h.register(admin, failingPath, ['payout.captured']);
    receiver.script(failingPath, 503);
    await h.publishPayout(PAYOUT_EVENTS.captured.type, provider.id);
    const disabled = await pollUntil(
      'the failing endpoint to be disabled',
      () => h.endpoint(admin, failing.id),
      { until: (e) => !e.enabled, timeoutMs: 60_000 },
    );
    expect(disabled.disabled_reason).toBe('failing');
    // Disabled only once the endpoint had failed for the window: retried at least once, and the attempts
    // span most of the 2 s (how many fit in it depends on how loaded the machine is).
    const attempts = receiver.at(failingPath);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts[attempts.length - 1].receivedAt - attempts[0].receivedAt).toBeGreaterThanOrEqual(1000);
    const metrics = await request(platform.url('notifications')).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/webhook_endpoints_disabled_total\{reason="failing"[^}]*\} [1-9]/);
    expect(metrics.text).toMatch(/webhook_delivery_attempts_total\{outcome="retrying"[^}]*\} [1-9]/);
    expect(metrics.text).toContain('webhook_attempt_duration_seconds_bucket');
    expect(metrics.text).toContain('webhook_oldest_pending_delivery_age_seconds');
  });
  it('keeps retries across a restart: a delivery due while notifications is down goes out after it starts again', async () => {
    const restartPath = path('restart');
    await h.register(admin, restartPath, ['payout.approved']);
    receiver.script(restartPath, 500, 200);
    const event = await h.publishPayout(PAYOUT_EVENTS.approved.type, provider.id);
    await receiver.waitFor(restartPath, 1);
    await platform.stopOne('notifications');
    await new Promise((r) => setTimeout(r, 1500));
    await platform.startOne('notifications');
    const got = await receiver.waitFor(restartPath, 2);
    expect(got.map((r) => [r.id, r.answered])).toEqual([
      [event.id, 500],
      [event.id, 200],
    ]);
  });
});
