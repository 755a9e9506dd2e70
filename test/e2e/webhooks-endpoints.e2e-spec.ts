import { PAYOUT_EVENTS } from '@slotline/contracts';
import { pollUntil } from '@slotline/testing';
import { bodyOf, path, WebhooksHarness } from './webhooks-support';

/**
 * GW-8 end to end, managing endpoints: secret rotation with overlap, redelivery, replay and test events,
 * ownership, and the SSRF checks at registration.
 */
// A shared CI machine can be slow: the event path crosses four apps, NATS and PostgreSQL.
jest.setTimeout(180_000);

describe('outbound webhooks: endpoints', () => {
  const h = new WebhooksHarness();
  let http: WebhooksHarness['http'];
  let receiver: WebhooksHarness['receiver'];
  let admin: WebhooksHarness['admin'];
  let provider: WebhooksHarness['provider'];
  let otherProvider: WebhooksHarness['otherProvider'];
  let customer: WebhooksHarness['customer'];

  beforeAll(async () => {
    await h.start();
    ({ http, receiver, admin, provider, otherProvider, customer } = h);
  });
  afterAll(() => h.stop());

  it('rotates the secret: during the overlap both secrets verify; after a zero-overlap rotation only the new one', async () => {
    const rotPath = path('rotation');
    const ep = await h.register(provider, rotPath, ['payout.approved']);
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
    await h.publishPayout(PAYOUT_EVENTS.approved.type, provider.id);
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
    await h.publishPayout(PAYOUT_EVENTS.approved.type, provider.id);
    const got = await receiver.waitFor(rotPath, 2);
    expect(got[1].verifiedBy).toEqual([2]);
    // The secret is never shown again.
    expect(await h.endpoint(provider, ep.id)).not.toHaveProperty('secret');
  });
  it('redelivers one delivery by hand, replays a time range and sends a test event', async () => {
    const replayPath = path('replay');
    const ep = await h.register(admin, replayPath, ['payout.approved', 'payout.denied']);
    const since = new Date(Date.now() - 1000).toISOString();
    const a = await h.publishPayout(PAYOUT_EVENTS.approved.type, provider.id);
    const b = await h.publishPayout(PAYOUT_EVENTS.denied.type, otherProvider.id);
    await receiver.waitFor(replayPath, 2);
    const attempts = await pollUntil(
      'both attempts in the endpoint log',
      async () => {
        const res = await http.get(`/v1/webhooks/endpoints/${ep.id}/attempts`).set(admin.auth).expect(200);
        return res.body.items;
      },
      { until: (items) => items.length === 2, timeoutMs: 60_000 },
    );
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
    const mine = await h.register(provider, path('mine'), ['payout.approved']);
    const platformWide = await h.register(admin, path('platform-owned'), ['payout.approved']);
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
    expect((await h.endpoint(provider, mine.id)).description).not.toBe('taken over');
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
});
