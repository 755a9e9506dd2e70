import { EventEnvelope, PAYOUT_EVENTS, PayoutEventData } from '@slotline/contracts';
import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, NatsConnection } from 'nats';
import { Client } from 'pg';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { TestPlatform } from '../support/test-platform';
import { WebhookReceiver } from '../../bench/webhook-receiver';
import { createJob, EVERY_DAY, Http, localAhead, signUp, superuserDb, User } from './scheduling-support';

/**
 * GW-8 end to end: real scheduling events and published payout events reach a real HTTP receiver that
 * verifies every request with the official `standardwebhooks` library; retries, 410, rotation,
 * redelivery, replay and the failure window run on a compressed schedule.
 */
// A shared CI machine can be slow: the event path crosses four apps, NATS and PostgreSQL.
jest.setTimeout(180_000);

describe('outbound webhooks', () => {
  let platform: TestPlatform;
  let http: Http;
  let db: Client;
  let nc: NatsConnection;
  let receiver: WebhookReceiver;
  let admin: User;
  let provider: User;
  let otherProvider: User;
  let customer: User;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    platform = await TestPlatform.start({
      apps: ['auth-audit', 'scheduling', 'notifications', 'gateway'],
      env: {
        RATE_LIMIT_AUTH_POINTS: '1000',
        RATE_LIMIT_WRITE_POINTS: '1000',
        AUTH_REQUIRE_ADMIN_2FA: 'false',
        WEBHOOK_ALLOW_INSECURE_URLS: 'true',
        WEBHOOK_RETRY_SCHEDULE_SECONDS: '0,1,1,1',
        WEBHOOK_RETRY_JITTER: '0',
        WEBHOOK_POLL_INTERVAL_MS: '100',
        WEBHOOK_DISABLE_AFTER_SECONDS: '2',
      },
    });
    http = request(platform.url());
    db = await superuserDb();
    nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    [admin, provider, otherProvider, customer] = await Promise.all([
      signUp(http, db, 'admin'),
      signUp(http, db, 'provider'),
      signUp(http, db, 'provider'),
      signUp(http, db, 'customer'),
    ]);
  });

  afterAll(async () => {
    await nc?.close();
    await db?.end();
    await platform?.stop();
    await receiver?.stop();
  });

  const path = (name: string) => `/${name}-${randomUUID().slice(0, 8)}`;

  async function register(by: User, hookPath: string, eventTypes: string[], status = 201) {
    const res = await http
      .post('/v1/webhooks/endpoints')
      .set(by.auth)
      .send({ url: receiver.url(hookPath), event_types: eventTypes, description: hookPath })
      .expect(status);
    if (status === 201) receiver.setSecrets(hookPath, [res.body.secret]);
    return res.body as { id: string; secret: string; scope: string; enabled: boolean };
  }

  /** Publishes a payout event to the stream as the payouts service's relay would. */
  async function publishPayout(
    type: string,
    providerUserId: string,
  ): Promise<EventEnvelope<PayoutEventData>> {
    const envelope: EventEnvelope<PayoutEventData> = {
      id: uuidv7(),
      type,
      occurred_at: new Date().toISOString(),
      producer: 'payouts',
      actor: { user_id: admin.id, role: 'admin' },
      data: {
        payout_id: randomUUID(),
        assignment_id: randomUUID(),
        job_id: randomUUID(),
        provider_user_id: providerUserId,
        practitioner_id: randomUUID(),
        customer_id: customer.id,
        amount_minor: 12_500,
        currency: 'GBP',
        status: 'approved',
        actor: { user_id: admin.id, role: 'admin' },
        occurred_at: new Date().toISOString(),
      },
    };
    const h = natsHeaders();
    h.set('Nats-Msg-Id', envelope.id);
    await nc.jetstream().publish(`${platform.env.NATS_SUBJECT_PREFIX}${type}`, JSON.stringify(envelope), {
      headers: h,
    });
    return envelope;
  }

  const bodyOf = (r: { body: string }) =>
    JSON.parse(r.body) as { type: string; data: Record<string, unknown> };

  async function endpoint(by: User, id: string) {
    return (await http.get(`/v1/webhooks/endpoints/${id}`).set(by.auth).expect(200)).body;
  }

  async function until<T>(
    probe: () => Promise<T | null | undefined | false>,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  it('delivers real booking events, signed per Standard Webhooks, to the platform and the own provider only', async () => {
    const [platformPath, ownPath, otherPath] = [path('platform'), path('own'), path('other')];
    const bookingTypes = ['booking.proposed', 'booking.confirmed', 'booking.rescheduled'];
    await register(admin, platformPath, bookingTypes);
    await register(provider, ownPath, bookingTypes);
    await register(otherProvider, otherPath, bookingTypes);

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

    for (const p of [platformPath, ownPath]) {
      const got = await receiver.waitFor(p, 2);
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
    expect(new Set(receiver.at(platformPath).map((r) => r.id))).toEqual(
      new Set(receiver.at(ownPath).map((r) => r.id)),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.at(otherPath)).toHaveLength(0);
  });

  it('routes payout events by provider_user_id and retries a 500 with the same webhook-id', async () => {
    const [ownPath, otherPath] = [path('payout-own'), path('payout-other')];
    const own = await register(provider, ownPath, ['payout.approved']);
    await register(otherProvider, otherPath, ['payout.approved']);
    receiver.script(ownPath, 500, 200);

    const event = await publishPayout(PAYOUT_EVENTS.approved.type, provider.id);
    const got = await receiver.waitFor(ownPath, 2);
    expect(got.map((r) => r.answered)).toEqual([500, 200]);
    expect(got.map((r) => r.id)).toEqual([event.id, event.id]);
    expect(got.every((r) => r.verifiedBy.length === 1)).toBe(true);
    expect(bodyOf(got[1])).toMatchObject({
      type: 'payout.approved',
      data: { amount_minor: 12_500, currency: 'GBP' },
    });

    // The attempt log, newest first, one row per attempt, with cursor pagination.
    const attempts = await until(async () => {
      const res = await http.get(`/v1/webhooks/endpoints/${own.id}/attempts`).set(provider.auth).expect(200);
      return res.body.items.length === 2 ? res.body.items : null;
    });
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
    const gone = await register(admin, gonePath, ['payout.denied']);
    receiver.script(gonePath, 410);
    await publishPayout(PAYOUT_EVENTS.denied.type, provider.id);
    await receiver.waitFor(gonePath, 1);
    const disabled = await until(async () => {
      const e = await endpoint(admin, gone.id);
      return e.enabled ? null : e;
    });
    expect(disabled).toMatchObject({ enabled: false, disabled_reason: 'gone' });
    const audit = await until(async () => {
      const res = await http
        .get('/v1/admin/audit-logs')
        .query({ action: 'notifications.webhook_endpoint.disabled', resource_id: gone.id })
        .set(admin.auth)
        .expect(200);
      return res.body.items[0];
    });
    expect(audit).toMatchObject({
      outcome: 'failure',
      resource_type: 'webhook_endpoint',
      resource_id: gone.id,
    });

    // Nothing is queued for a disabled endpoint; once re-enabled, a replay sends what it missed.
    const missed = await publishPayout(PAYOUT_EVENTS.denied.type, provider.id);
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
    const failing = await register(admin, failingPath, ['payout.captured']);
    receiver.script(failingPath, 503);
    await publishPayout(PAYOUT_EVENTS.captured.type, provider.id);
    const disabled = await until(async () => {
      const e = await endpoint(admin, failing.id);
      return e.enabled ? null : e;
    });
    expect(disabled.disabled_reason).toBe('failing');
    expect(receiver.at(failingPath).length).toBeGreaterThanOrEqual(3);
    const metrics = await request(platform.url('notifications')).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/webhook_endpoints_disabled_total\{reason="failing"[^}]*\} [1-9]/);
    expect(metrics.text).toMatch(/webhook_delivery_attempts_total\{outcome="retrying"[^}]*\} [1-9]/);
    expect(metrics.text).toContain('webhook_attempt_duration_seconds_bucket');
    expect(metrics.text).toContain('webhook_oldest_pending_delivery_age_seconds');
  });

  it('rotates the secret: during the overlap both secrets verify; after a zero-overlap rotation only the new one', async () => {
    const rotPath = path('rotation');
    const ep = await register(provider, rotPath, ['payout.approved']);
    const first = ep.secret;
    const rotated = await http
      .post(`/v1/webhooks/endpoints/${ep.id}/rotate-secret`)
      .set(provider.auth)
      .send({})
      .expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(first);
    expect(Date.parse(rotated.body.previous_secret_expires_at) - Date.now()).toBeGreaterThan(
      23 * 3600 * 1000,
    );
    receiver.setSecrets(rotPath, [first, rotated.body.secret]);
    await publishPayout(PAYOUT_EVENTS.approved.type, provider.id);
    const [during] = await receiver.waitFor(rotPath, 1);
    expect(during.verifiedBy).toEqual([0, 1]);
    expect(during.signature.split(' ')).toHaveLength(2);

    const leaked = await http
      .post(`/v1/webhooks/endpoints/${ep.id}/rotate-secret`)
      .set(provider.auth)
      .send({ overlap_seconds: 0 })
      .expect(200);
    expect(leaked.body.previous_secret_expires_at).toBeNull();
    receiver.setSecrets(rotPath, [first, rotated.body.secret, leaked.body.secret]);
    await publishPayout(PAYOUT_EVENTS.approved.type, provider.id);
    const got = await receiver.waitFor(rotPath, 2);
    expect(got[1].verifiedBy).toEqual([2]);
    // The secret is never shown again.
    expect(await endpoint(provider, ep.id)).not.toHaveProperty('secret');
  });

  it('redelivers one delivery by hand, replays a time range and sends a test event', async () => {
    const replayPath = path('replay');
    const ep = await register(admin, replayPath, ['payout.approved', 'payout.denied']);
    const since = new Date(Date.now() - 1000).toISOString();
    const a = await publishPayout(PAYOUT_EVENTS.approved.type, provider.id);
    const b = await publishPayout(PAYOUT_EVENTS.denied.type, otherProvider.id);
    await receiver.waitFor(replayPath, 2);
    const attempts = await until(async () => {
      const res = await http.get(`/v1/webhooks/endpoints/${ep.id}/attempts`).set(admin.auth).expect(200);
      return res.body.items.length === 2 ? res.body.items : null;
    });
    const ofA = attempts.find((x: { event_id: string }) => x.event_id === a.id);

    const again = await http
      .post(`/v1/webhooks/endpoints/${ep.id}/deliveries/${ofA.delivery_id}/redeliver`)
      .set(admin.auth)
      .expect(202);
    expect(again.body).toMatchObject({ id: ofA.delivery_id, event_id: a.id, status: 'pending' });
    const afterRedeliver = await receiver.waitFor(replayPath, 3);
    expect(afterRedeliver[2].id).toBe(a.id);

    const replay = await http
      .post(`/v1/webhooks/endpoints/${ep.id}/replay`)
      .set(admin.auth)
      .send({ since, until: new Date(Date.now() + 1000).toISOString() })
      .expect(202);
    expect(replay.body.queued).toBeGreaterThanOrEqual(2);
    const afterReplay = await receiver.waitFor(replayPath, 3 + replay.body.queued);
    expect(afterReplay.slice(3).map((r) => r.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(afterReplay.every((r) => r.verifiedBy.length === 1)).toBe(true);

    await http
      .post(`/v1/webhooks/endpoints/${ep.id}/replay`)
      .set(admin.auth)
      .send({ since: new Date().toISOString(), until: since })
      .expect(422);

    const test = await http.post(`/v1/webhooks/endpoints/${ep.id}/test`).set(admin.auth).expect(202);
    const withTest = await receiver.waitFor(replayPath, 4 + replay.body.queued);
    const testHook = withTest.find((r) => r.id === test.body.event_id)!;
    expect(bodyOf(testHook)).toMatchObject({ type: 'webhook.test', data: { endpoint_id: ep.id } });
    expect(testHook.verifiedBy).toEqual([0]);
  });

  it('keeps every endpoint to its owner: another provider, an admin or a customer cannot list, read, change or use it', async () => {
    const mine = await register(provider, path('mine'), ['payout.approved']);
    const platformWide = await register(admin, path('platform-owned'), ['payout.approved']);
    const listed = await http.get('/v1/webhooks/endpoints').set(otherProvider.auth).expect(200);
    expect(listed.body.map((e: { id: string }) => e.id)).not.toContain(mine.id);
    expect(listed.body.map((e: { id: string }) => e.id)).not.toContain(platformWide.id);
    const ownList = await http.get('/v1/webhooks/endpoints').set(provider.auth).expect(200);
    expect(ownList.body.map((e: { id: string }) => e.id)).toContain(mine.id);
    expect(
      ownList.body.every(
        (e: { scope: string; owner_user_id: string }) =>
          e.scope === 'provider' && e.owner_user_id === provider.id,
      ),
    ).toBe(true);

    for (const [who, id] of [
      [otherProvider, mine.id],
      [admin, mine.id],
      [provider, platformWide.id],
    ] as const) {
      const base = `/v1/webhooks/endpoints/${id}`;
      await http.get(base).set(who.auth).expect(404);
      await http.patch(base).set(who.auth).send({ description: 'taken over' }).expect(404);
      await http.get(`${base}/attempts`).set(who.auth).expect(404);
      await http.post(`${base}/rotate-secret`).set(who.auth).send({}).expect(404);
      await http.post(`${base}/test`).set(who.auth).expect(404);
      await http
        .post(`${base}/replay`)
        .set(who.auth)
        .send({ since: new Date(0).toISOString(), until: new Date().toISOString() })
        .expect(404);
      await http.delete(base).set(who.auth).expect(404);
    }
    await http.get('/v1/webhooks/endpoints').set(customer.auth).expect(403);
    expect((await endpoint(provider, mine.id)).description).not.toBe('taken over');
    await http.delete(`/v1/webhooks/endpoints/${mine.id}`).set(provider.auth).expect(204);
    await http.get(`/v1/webhooks/endpoints/${mine.id}`).set(provider.auth).expect(404);
  });

  it('refuses private, link-local and metadata URLs at registration, even with insecure URLs allowed', async () => {
    for (const url of [
      'http://10.0.0.1/h',
      'http://169.254.169.254/latest',
      'http://[fd00:ec2::254]/',
      'ftp://127.0.0.1/',
    ]) {
      const res = await http
        .post('/v1/webhooks/endpoints')
        .set(admin.auth)
        .send({ url, event_types: ['payout.approved'] })
        .expect(422);
      expect(res.body).toMatchObject({ code: 'BR_WEBHOOK_URL_REFUSED' });
    }
    await http
      .post('/v1/webhooks/endpoints')
      .set(admin.auth)
      .send({ url: receiver.url('/x'), event_types: ['not.a.type'] })
      .expect(400);
  });

  it('keeps retries across a restart: a delivery due while notifications is down goes out after it starts again', async () => {
    const restartPath = path('restart');
    await register(admin, restartPath, ['payout.approved']);
    receiver.script(restartPath, 500, 200);
    const event = await publishPayout(PAYOUT_EVENTS.approved.type, provider.id);
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
