import { Actor, CallMeta } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { randomUUID } from 'node:crypto';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhooksTestContext } from './webhooks.fixture';

const meta = (role: Actor['role'], user_id = randomUUID()): CallMeta => ({
  actor: { user_id, role, session_id: randomUUID(), aal: 'aal1' },
  request_id: null,
  idempotency_key: null,
  traceparent: null,
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

describe(WebhookEndpointsService.name, () => {
  const ctx = new WebhooksTestContext();
  let sut: WebhookEndpointsService;

  beforeAll(async () => {
    await ctx.setUp();
    sut = ctx.endpoints();
  });
  afterAll(() => ctx.tearDown());

  const create = (who: CallMeta, url = `https://${randomUUID().slice(0, 8)}.hooks.test/`) =>
    sut.create({ url, event_types: ['booking.confirmed'] }, who);

  it('stores the secret sealed: never in clear in the table, never in a read', async () => {
    const created = await create(meta('provider'));
    const [row] = await ctx.query<Record<string, string>>('SELECT * FROM S.webhook_endpoints WHERE id = $1', [
      created.id,
    ]);
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(6));
    expect(row.secret_sealed).toMatch(/^v1\./);
  });

  it('scopes endpoints by role: providers their own, admins platform-wide', async () => {
    const provider = meta('provider');
    const mine = await create(provider);
    const platform = await create(meta('admin'));
    expect(mine.scope).toBe('provider');
    expect(platform.scope).toBe('platform');
    expect((await sut.list(provider)).map((e) => e.id)).toEqual([mine.id]);
    expect((await sut.list(meta('super_admin'))).map((e) => e.id)).toContain(platform.id);
    expect(await codeOf(sut.get(mine.id, meta('provider')))).toBe('NF_RESOURCE');
    expect(await codeOf(sut.get(mine.id, meta('admin')))).toBe('NF_RESOURCE');
    expect(await codeOf(sut.list(meta('customer')))).toBe('AUTH_FORBIDDEN');
  });

  it('refuses an SSRF target at registration and on update', async () => {
    expect(await codeOf(create(meta('admin'), 'https://169.254.169.254/'))).toBe('BR_WEBHOOK_URL_REFUSED');
    const ok = await create(meta('admin'));
    const admin = meta('admin');
    expect(await codeOf(sut.update({ id: ok.id, url: 'http://hooks.test/' }, admin))).toBe(
      'BR_WEBHOOK_URL_REFUSED',
    );
  });

  it('rotates with an overlap, or none after a leak', async () => {
    const admin = meta('admin');
    const created = await create(admin);
    const overlapping = await sut.rotateSecret({ id: created.id, overlap_seconds: 3600 }, admin);
    expect(overlapping.secret).not.toBe(created.secret);
    expect(Date.parse(overlapping.previous_secret_expires_at!) - Date.now()).toBeGreaterThan(3500_000);
    const [row] = await ctx.query<Parameters<typeof ctx.secrets.signingSecrets>[0]>(
      'SELECT * FROM S.webhook_endpoints WHERE id = $1',
      [created.id],
    );
    expect(ctx.secrets.signingSecrets(row, new Date())).toEqual([overlapping.secret, created.secret]);

    const leaked = await sut.rotateSecret({ id: created.id, overlap_seconds: 0 }, admin);
    expect(leaked.previous_secret_expires_at).toBeNull();
    const [after] = await ctx.query<Parameters<typeof ctx.secrets.signingSecrets>[0]>(
      'SELECT * FROM S.webhook_endpoints WHERE id = $1',
      [created.id],
    );
    expect(ctx.secrets.signingSecrets(after, new Date())).toEqual([leaked.secret]);
  });

  it('refuses a replay range that is empty or past the retention', async () => {
    const admin = meta('admin');
    const created = await create(admin);
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    expect(await codeOf(sut.replay({ id: created.id, since: at(0), until: at(-1000) }, admin))).toBe(
      'BR_RULE_VIOLATED',
    );
    const day = 24 * 3600 * 1000;
    expect(
      await codeOf(sut.replay({ id: created.id, since: at(-40 * day), until: at(-31 * day) }, admin)),
    ).toBe('BR_RULE_VIOLATED');
    expect(await sut.replay({ id: created.id, since: at(-day), until: at(0) }, admin)).toEqual({ queued: 0 });
  });
});
