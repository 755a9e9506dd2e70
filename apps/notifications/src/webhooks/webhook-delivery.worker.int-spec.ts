import {
  Actor,
  CallMeta,
  EventEnvelope,
  PAYOUT_EVENTS,
  TypedEventEnvelope,
  WEBHOOK_EVENTS,
} from '@slotline/contracts';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { v7 as uuidv7 } from 'uuid';
import { SsrfGuard } from './ssrf-guard';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookEventsConsumer } from './webhook-events.consumer';
import { SendResult, WebhookRequest } from './webhook-sender';
import { TEST_RESOLVER, WebhooksTestContext } from './webhooks.fixture';

const meta = (role: Actor['role'], user_id = randomUUID()): CallMeta => ({
  actor: { user_id, role, session_id: randomUUID(), aal: 'aal1' },
  request_id: null,
  idempotency_key: null,
  traceparent: null,
});

const answer = (statusCode: number, retryAfter: string | null = null): SendResult => ({
  statusCode,
  body: `status ${statusCode}`,
  retryAfter,
  error: null,
  latencyMs: 3,
});

/** A receiver stand-in: records what the worker sent and answers from a script per URL. */
class FakeReceiver {
  readonly sent: WebhookRequest[] = [];
  private readonly scripts = new Map<string, SendResult[]>();

  script(url: string, ...results: SendResult[]): void {
    this.scripts.set(url, results);
  }

  send = async (req: WebhookRequest): Promise<SendResult> => {
    this.sent.push(req);
    const script = this.scripts.get(req.target.url.href) ?? [];
    return (script.length > 1 ? script.shift() : script[0]) ?? answer(200);
  };

  to(url: string): WebhookRequest[] {
    return this.sent.filter((r) => r.target.url.href === url);
  }
}

describe(WebhookDeliveryWorker.name, () => {
  const ctx = new WebhooksTestContext();
  let consumer: WebhookEventsConsumer;
  // Only `handle` is used: the events arrive here as the inbox would hand them over.
  const consumerWith = (onQueued?: () => void) =>
    new WebhookEventsConsumer({
      nc: null as never,
      dataSource: ctx.dataSource,
      schema: ctx.schema,
      stream: 'unused',
      subjectPrefix: '',
      deliveries: ctx.deliveries,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      onQueued,
    });

  beforeAll(async () => {
    await ctx.setUp();
    consumer = consumerWith();
  });

  afterAll(() => ctx.tearDown());

  function payoutEventOf(providerUserId: string, type: string): EventEnvelope {
    return {
      id: uuidv7(),
      type,
      occurred_at: new Date().toISOString(),
      producer: 'payouts',
      actor: null,
      data: {
        payout_id: randomUUID(),
        assignment_id: randomUUID(),
        job_id: randomUUID(),
        provider_user_id: providerUserId,
        practitioner_id: randomUUID(),
        customer_id: randomUUID(),
        amount_minor: 9_900,
        currency: 'EUR',
        status: 'approved',
        internal_note: 'never leaves the platform',
        occurred_at: new Date().toISOString(),
      },
    };
  }

  async function payoutEvent(
    providerUserId: string,
    type = PAYOUT_EVENTS.approved.type,
    via = consumer,
  ): Promise<EventEnvelope> {
    const event = payoutEventOf(providerUserId, type);
    await ctx.tx.run((m) => via.handle(event as TypedEventEnvelope, m));
    return event;
  }

  async function endpoint(who: CallMeta, types = ['payout.approved']) {
    const url = `https://${randomUUID().slice(0, 8)}.hooks.test/in`;
    const created = await ctx.endpoints().create({ url, event_types: types as never }, who);
    return { ...created, href: new URL(url).href };
  }

  async function deliveryOf(endpointId: string) {
    const [row] = await ctx.query<{ status: string; attempts: number; next_attempt_at: Date | null }>(
      'SELECT status, attempts, next_attempt_at FROM S.webhook_deliveries WHERE endpoint_id = $1',
      [endpointId],
    );
    return row;
  }

  it('sends each event once to every endpoint that may have it, signed for the standardwebhooks library', async () => {
    const provider = meta('provider');
    const [platformWide, own, other] = [
      await endpoint(meta('admin')),
      await endpoint(provider),
      await endpoint(meta('provider')),
    ];
    const event = await payoutEvent(provider.actor!.user_id);
    await ctx.tx.run((m) => consumer.handle(event as TypedEventEnvelope, m)); // a redelivered event queues nothing new
    const receiver = new FakeReceiver();
    await ctx.worker({ send: receiver.send }).runOnce();

    expect(receiver.to(platformWide.href)).toHaveLength(1);
    expect(receiver.to(own.href)).toHaveLength(1);
    expect(receiver.to(other.href)).toHaveLength(0);
    const [sent] = receiver.to(own.href);
    expect(sent.headers['webhook-id']).toBe(event.id);
    const body = new Webhook(own.secret).verify(sent.body, sent.headers) as { type: string; data: object };
    expect(body).toMatchObject({ type: 'payout.approved', data: { schema_version: 1, amount_minor: 9_900 } });
    expect(body.data).not.toHaveProperty('internal_note');
    expect(sent.target.address).toBe('93.184.215.14');
    expect(await deliveryOf(own.id)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      next_attempt_at: null,
    });
  });

  it('wakes the worker once the deliveries have committed, and never for a rolled-back event', async () => {
    const provider = meta('provider');
    const own = await endpoint(provider);
    // What another connection sees of the delivery when the wake-up comes.
    const seenAtWakeUp: Array<Promise<string | undefined>> = [];
    const nudging = consumerWith(() => seenAtWakeUp.push(deliveryOf(own.id).then((d) => d?.status)));

    const rolledBack = payoutEventOf(provider.actor!.user_id, PAYOUT_EVENTS.approved.type);
    await expect(
      ctx.tx.run(async (m) => {
        await nudging.handle(rolledBack as TypedEventEnvelope, m);
        throw new Error('the inbox transaction failed');
      }),
    ).rejects.toThrow('the inbox transaction failed');
    await new Promise((r) => setTimeout(r, 100)); // longer than any wake-up delay
    expect(seenAtWakeUp).toHaveLength(0);

    await payoutEvent(provider.actor!.user_id, PAYOUT_EVENTS.approved.type, nudging);
    expect(seenAtWakeUp).toHaveLength(1);
    await expect(seenAtWakeUp[0]).resolves.toBe('pending');
  });

  it('retries on the schedule, then gives up; a 429 waits for its Retry-After', async () => {
    const admin = meta('admin');
    const failing = await endpoint(admin);
    const limited = await endpoint(admin);
    const receiver = new FakeReceiver();
    receiver.script(failing.href, answer(500));
    receiver.script(limited.href, answer(429, '120'));
    const sut = ctx.worker({ send: receiver.send, retry: { schedule: [0, 0, 0], jitter: 0 } });
    await payoutEvent(randomUUID());

    await sut.runOnce();
    expect(await deliveryOf(failing.id)).toMatchObject({ status: 'pending', attempts: 1 });
    const limitedRow = await deliveryOf(limited.id);
    expect(limitedRow.status).toBe('pending');
    expect(new Date(limitedRow.next_attempt_at!).getTime() - Date.now()).toBeGreaterThan(100_000);

    await sut.runOnce();
    await sut.runOnce();
    await sut.runOnce();
    expect(receiver.to(failing.href)).toHaveLength(3);
    expect(receiver.to(limited.href)).toHaveLength(1);
    expect(await deliveryOf(failing.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      next_attempt_at: null,
    });
    const ids = new Set(receiver.to(failing.href).map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
  });

  it('disables an endpoint that answers 410 and announces it through the outbox, once', async () => {
    const gone = await endpoint(meta('admin'));
    const receiver = new FakeReceiver();
    receiver.script(gone.href, answer(410));
    await payoutEvent(randomUUID());
    await ctx.worker({ send: receiver.send }).runOnce();

    const [row] = await ctx.query<{ enabled: boolean; disabled_reason: string }>(
      'SELECT enabled, disabled_reason FROM S.webhook_endpoints WHERE id = $1',
      [gone.id],
    );
    expect(row).toEqual({ enabled: false, disabled_reason: 'gone' });
    const events = await ctx.query<{ envelope: EventEnvelope<Record<string, unknown>> }>(
      `SELECT envelope FROM S.outbox WHERE subject = $1 AND envelope->'data'->>'endpoint_id' = $2`,
      [WEBHOOK_EVENTS.endpointDisabled.type, gone.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].envelope.data).toMatchObject({
      reason: 'gone',
      resource_type: 'webhook_endpoint',
      outcome: 'failure',
    });
    expect(events[0].envelope.data.url).toBe(new URL(gone.href).origin);
    expect(await deliveryOf(gone.id)).toMatchObject({ status: 'failed' });
  });

  it('disables an endpoint whose failures span the failure window; a success in between resets it', async () => {
    const admin = meta('admin');
    const failing = await endpoint(admin);
    const recovered = await endpoint(admin);
    await ctx.query(
      `UPDATE S.webhook_endpoints SET failing_since = now() - interval '2 hours' WHERE id = ANY ($1)`,
      [[failing.id, recovered.id]],
    );
    const receiver = new FakeReceiver();
    receiver.script(failing.href, answer(500));
    receiver.script(recovered.href, answer(204));
    await payoutEvent(randomUUID());
    await ctx.worker({ send: receiver.send, disableAfterSeconds: 3600 }).runOnce();

    const rows = await ctx.query<{
      id: string;
      enabled: boolean;
      disabled_reason: string | null;
      failing_since: Date | null;
    }>('SELECT id, enabled, disabled_reason, failing_since FROM S.webhook_endpoints WHERE id = ANY ($1)', [
      [failing.id, recovered.id],
    ]);
    expect(rows.find((r) => r.id === failing.id)).toMatchObject({
      enabled: false,
      disabled_reason: 'failing',
    });
    expect(rows.find((r) => r.id === recovered.id)).toMatchObject({ enabled: true, failing_since: null });
  });

  it('checks the URL again before every attempt: a host now resolving to a private address gets nothing', async () => {
    const rebinding = await endpoint(meta('admin'));
    const host = new URL(rebinding.href).hostname;
    const guard = new SsrfGuard({ allowInsecure: false }, async (h) =>
      h === host ? [{ address: '10.0.0.7', family: 4 }] : TEST_RESOLVER(h),
    );
    const receiver = new FakeReceiver();
    await payoutEvent(randomUUID());
    await ctx.worker({ send: receiver.send, guard }).runOnce();
    expect(receiver.to(rebinding.href)).toHaveLength(0);
    const [attempt] = await ctx.query<{ outcome: string; error: string }>(
      'SELECT outcome, error FROM S.webhook_attempts WHERE endpoint_id = $1',
      [rebinding.id],
    );
    expect(attempt.outcome).toBe('failed');
    expect(attempt.error).toMatch(/refused: .* resolves to a private address \(10\.0\.0\.7\)/);
  });

  it('two replicas polling at once send every delivery exactly once', async () => {
    const admin = meta('admin');
    const targets = await Promise.all(Array.from({ length: 3 }, () => endpoint(admin)));
    for (let i = 0; i < 10; i++) await payoutEvent(randomUUID());
    const receiver = new FakeReceiver();
    const replicas = [
      ctx.worker({ send: receiver.send, batchSize: 7 }),
      ctx.worker({ send: receiver.send, batchSize: 7 }),
    ];
    while ((await Promise.all(replicas.map((r) => r.runOnce()))).some((n) => n > 0));

    for (const t of targets) {
      const ids = receiver.to(t.href).map((r) => r.headers['webhook-id']);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
    }
  });
});
