import Stripe from 'stripe';
import { randomUUID } from 'node:crypto';
import { StripeFake } from '../../../../test/support/stripe-fake';
import { StripePaymentProvider } from './stripe-payment.provider';

/** PAY-3: the adapter's outcomes, and the fake's Stripe semantics, through the official SDK. */
describe(StripePaymentProvider.name, () => {
  const fake = new StripeFake();
  let sut: StripePaymentProvider;
  let account: string;

  beforeAll(async () => {
    await fake.start();
    account = fake.addAccount();
    fake.setBalance('eur', 1_000_000);
    sut = new StripePaymentProvider({
      secretKey: fake.secretKey,
      host: '127.0.0.1',
      port: fake.port,
      protocol: 'http',
      timeoutMs: 1500,
    });
  });
  afterAll(() => fake.stop());

  const request = (overrides: Partial<Parameters<StripePaymentProvider['capture']>[0]> = {}) => ({
    payoutId: randomUUID(),
    amountMinor: 1250,
    currency: 'EUR',
    destination: account,
    ...overrides,
  });

  it('transfers to the connected account with the payout id as idempotency key', async () => {
    const req = request();
    const result = await sut.capture(req);

    const [transfer] = fake.transfersFor(req.payoutId);
    expect(result).toEqual({ kind: 'captured', reference: transfer.id });
    expect(transfer).toMatchObject({
      amount: 1250,
      currency: 'eur',
      destination: account,
      idempotency_key: req.payoutId,
    });
  });

  it('replays the first answer for a repeated payout id: one transfer, same reference', async () => {
    const req = request();
    const first = await sut.capture(req);
    const again = await sut.capture(req);

    expect(again).toEqual(first);
    expect(fake.transfersFor(req.payoutId)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.idempotency_key === req.payoutId).map((r) => r.outcome)).toEqual([
      'created',
      'replayed',
    ]);
  });

  it.each([
    ['server_error', /api_error/],
    ['rate_limited', /rate_limit/],
    ['socket_reset', /.+/],
    ['timeout_after_transfer', /.+/],
  ] as const)('calls a %s retryable', async (fault, reason) => {
    // Twice: the SDK retries a closed connection once by itself, even with its retries off.
    fake.inject(fault, fault);
    const result = await sut.capture(request());
    fake.clearFaults();
    expect(result).toEqual({ kind: 'retryable', reason: expect.stringMatching(reason) });
  });

  it('calls insufficient balance and an unknown account final, with the reason', async () => {
    fake.inject('insufficient_balance');
    expect(await sut.capture(request())).toEqual({
      kind: 'final',
      reason: expect.stringContaining('balance_insufficient'),
    });
    expect(await sut.capture(request({ destination: 'acct_nobody' }))).toEqual({
      kind: 'final',
      reason: expect.stringContaining('account_invalid'),
    });
    expect(await sut.capture(request({ destination: null }))).toEqual({
      kind: 'final',
      reason: 'the provider has no Stripe connected account',
    });
  });

  it('calls a key still in flight retryable (409)', async () => {
    const req = request();
    fake.slowMs = 700;
    fake.inject('slow');
    const [slow, second] = await Promise.all([
      sut.capture(req),
      new Promise((r) => setTimeout(r, 200)).then(() => sut.capture(req)),
    ]);
    expect(slow).toMatchObject({ kind: 'captured' });
    expect(second).toEqual({ kind: 'retryable', reason: expect.stringContaining('409') });
    expect(fake.transfersFor(req.payoutId)).toHaveLength(1);
  });

  describe('the fake', () => {
    const sdk = () =>
      new Stripe(fake.secretKey, {
        host: '127.0.0.1',
        port: fake.port,
        protocol: 'http',
        maxNetworkRetries: 0,
      });

    it('refuses the same key with other parameters as idempotency_error', async () => {
      const key = randomUUID();
      await sdk().transfers.create(
        { amount: 100, currency: 'eur', destination: account },
        { idempotencyKey: key },
      );
      await expect(
        sdk().transfers.create(
          { amount: 101, currency: 'eur', destination: account },
          { idempotencyKey: key },
        ),
      ).rejects.toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400 });
    });

    it('needs the bearer key, and keeps a balance that transfers draw down', async () => {
      const wrong = new Stripe('sk_test_wrong', { host: '127.0.0.1', port: fake.port, protocol: 'http' });
      await expect(wrong.balance.retrieve()).rejects.toMatchObject({ type: 'StripeAuthenticationError' });

      const before = (await sdk().balance.retrieve()).available.find((b) => b.currency === 'eur')!.amount;
      await sdk().transfers.create({ amount: 300, currency: 'eur', destination: account });
      const after = (await sdk().balance.retrieve()).available.find((b) => b.currency === 'eur')!.amount;
      expect(before - after).toBe(300);
    });
  });
});
