import { SecretBox } from '@slotline/persistence';
import { aCallMeta, anActor, callAs, InMemoryTransactions, substitute } from '@slotline/testing';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { InMemoryWebhooksRepository } from '../testing/in-memory-webhooks.repository';
import { SsrfGuard } from './ssrf-guard';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

describe(WebhookEndpointsService.name, () => {
  const NOW = new Date('2030-05-01T12:00:00Z');
  const admin = aCallMeta(anActor('admin'));
  const provider = aCallMeta(anActor('provider'));
  const PUBLIC_URL = 'https://hooks.example.com/slotline';
  let repo: InMemoryWebhooksRepository;
  let secrets: WebhookSecrets;
  let sut: WebhookEndpointsService;

  beforeEach(() => {
    const tx = new InMemoryTransactions();
    repo = new InMemoryWebhooksRepository(tx);
    secrets = new WebhookSecrets(new SecretBox(randomBytes(32)));
    sut = new WebhookEndpointsService({
      endpointRows: substitute(repo),
      // Deliveries are the integration test's (webhook-endpoints.service.int-spec.ts).
      deliveries: substitute<WebhookDeliveriesRepository>({}),
      tx: tx.runner,
      // Reads outside a transaction go through the DataSource's manager; the fake ignores it.
      dataSource: substitute<DataSource>({ manager: {} as DataSource['manager'] }),
      // The one name used resolves to a public address, without a DNS query.
      guard: new SsrfGuard({ allowInsecure: false }, async (host) =>
        host === 'hooks.example.com' ? [{ address: '93.184.216.34', family: 4 }] : [],
      ),
      secrets,
      retentionDays: 30,
      now: () => NOW,
    });
  });

  const create = (meta = admin, url = PUBLIC_URL) =>
    sut.create({ url, event_types: ['booking.confirmed'] }, meta);

  it('registers an endpoint, shows its secret once and stores only the sealed secret', async () => {
    const created = await create();

    expect(created).toMatchObject({ url: PUBLIC_URL, scope: 'platform', enabled: true });
    expect(created.secret).toMatch(/^whsec_/);
    const row = repo.endpoints.get(created.id)!;
    expect(row.secret_sealed).not.toContain(created.secret.slice(6));
    expect(secrets.signingSecrets(row, NOW)).toEqual([created.secret]);
    expect(await sut.get(created.id, admin)).not.toHaveProperty('secret');
  });

  it.each([
    ['a loopback address', 'https://127.0.0.1/hooks'],
    ['a private address', 'https://10.1.2.3/hooks'],
    ['plain http', 'http://hooks.example.com/slotline'],
    ['a name that does not resolve', 'https://nowhere.example.com/hooks'],
  ])('refuses %s and stores nothing', async (_case, url) => {
    await expect(create(admin, url)).rejects.toMatchObject({
      code: 'BR_WEBHOOK_URL_REFUSED',
      errors: [expect.objectContaining({ field: 'url' })],
    });
    expect(repo.endpoints.all()).toEqual([]);
  });

  it('keeps providers’ endpoints to their owner and platform endpoints to admins', async () => {
    const platform = await create(admin);
    const mine = await create(provider);
    const otherProvider = aCallMeta(anActor('provider'));

    expect((await sut.list(provider)).map((e) => e.id)).toEqual([mine.id]);
    expect((await sut.list(admin)).map((e) => e.id)).toEqual([platform.id]);
    for (const [id, meta] of [
      [platform.id, provider],
      [mine.id, otherProvider],
      [mine.id, admin],
    ] as const) {
      await expect(sut.get(id, meta)).rejects.toMatchObject({ code: 'NF_RESOURCE' });
      await expect(sut.remove(id, meta)).rejects.toMatchObject({ code: 'NF_RESOURCE' });
    }
    expect(repo.endpoints.all()).toHaveLength(2);
  });

  it('refuses customers, who may not manage webhooks', async () => {
    await expect(create(callAs('customer'))).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
    await expect(sut.list(aCallMeta(null))).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
  });

  it('clears a disabled endpoint’s failure state when it is enabled again', async () => {
    const created = await create();
    repo.endpoints.update(created.id, { enabled: false, disabled_reason: 'failing', disabled_at: NOW });

    const view = await sut.update({ id: created.id, enabled: true }, admin);

    expect(view).toMatchObject({ enabled: true, disabled_reason: null, disabled_at: null, url: PUBLIC_URL });
  });

  it('checks a new URL before changing anything', async () => {
    const created = await create();

    await expect(
      sut.update({ id: created.id, url: 'https://169.254.169.254/' }, admin),
    ).rejects.toBeDefined();
    expect(repo.endpoints.get(created.id)?.url).toBe(PUBLIC_URL);
  });

  it('rotates the secret keeping the old one for the overlap, or dropping it at once', async () => {
    const created = await create();

    const rotated = await sut.rotateSecret({ id: created.id, overlap_seconds: 3600 }, admin);
    expect(secrets.signingSecrets(repo.endpoints.get(created.id)!, NOW)).toEqual([
      rotated.secret,
      created.secret,
    ]);
    expect(rotated.previous_secret_expires_at).toBe('2030-05-01T13:00:00.000Z');

    const again = await sut.rotateSecret({ id: created.id, overlap_seconds: 0 }, admin);
    expect(secrets.signingSecrets(repo.endpoints.get(created.id)!, NOW)).toEqual([again.secret]);
  });

  it.each([
    ['an empty range', '2030-04-30T00:00:00Z', '2030-04-30T00:00:00Z'],
    ['a range older than the 30 days kept', '2030-03-01T00:00:00Z', '2030-03-31T00:00:00Z'],
  ])('refuses to replay %s', async (_case, since, until) => {
    const created = await create();

    await expect(sut.replay({ id: created.id, since, until }, admin)).rejects.toMatchObject({
      code: 'BR_RULE_VIOLATED',
    });
  });
});
