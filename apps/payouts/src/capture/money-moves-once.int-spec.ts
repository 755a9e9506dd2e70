import { spawn } from 'node:child_process';
import path from 'node:path';
import { StripeFake, StripeFault } from '../../../../test/support/stripe-fake';
import { childProcessEnv } from '@slotline/testing';
import { actor, metaOf, PayoutsTestContext } from '../testing/payouts-test-context';
import { CaptureWorker } from './capture-worker';

const root = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * PAY-3 / PAY-5: with the Stripe fake injecting each fault in turn, every approved payout ends captured
 * or failed, and the fake holds exactly one transfer per captured payout (none per failed one).
 */
describe(`${CaptureWorker.name}: money moves once`, () => {
  const fake = new StripeFake();
  const ctx = new PayoutsTestContext();
  const MAX_ATTEMPTS = 6;

  beforeAll(async () => {
    await fake.start();
    fake.setBalance('gbp', 100_000_000);
    await ctx.setUp({
      settings: { ...fake.env, STRIPE_API_PORT: fake.port, PAYOUT_CAPTURE_MAX_ATTEMPTS: MAX_ATTEMPTS },
    });
  });
  afterAll(async () => {
    await ctx.tearDown();
    await fake.stop();
  });

  /** Pending payouts whose providers have a connected account (or not), then approved by an admin. */
  async function approvedPayouts(n: number, opts: { withAccount?: boolean; amount?: number } = {}) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const provider = actor('provider');
      if (opts.withAccount !== false) {
        await ctx.services.accounts.setMine({ stripe_account_id: fake.addAccount() }, metaOf(provider));
      }
      const id = await ctx.pendingPayout({
        provider_user_id: provider.user_id,
        price_amount: opts.amount ?? 2_500,
      });
      await ctx.services.decisions.approve(id, metaOf(ctx.admin));
      ids.push(id);
    }
    return ids;
  }

  /** Ticks the worker (as its timer would) until none of `ids` is still approved. */
  async function captureAll(ids: string[], worker = ctx.services.capture, deadlineMs = 60_000) {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const states = await Promise.all(ids.map((id) => ctx.row(id)));
      if (states.every((r) => r.status !== 'approved')) return states;
      if (Date.now() > until)
        throw new Error(`still approved: ${JSON.stringify(states.map((s) => s.status))}`);
      await worker.tick();
      await new Promise((r) => setTimeout(r, 30));
    }
  }

  function expectMoneyMovedOnce(rows: Array<Record<string, unknown>>) {
    for (const row of rows) {
      const transfers = fake.transfersFor(row.id as string);
      if (row.status === 'captured') {
        expect(transfers).toHaveLength(1);
        expect(row.reference).toBe(transfers[0].id);
        expect(transfers[0]).toMatchObject({ amount: Number(row.amount_minor), idempotency_key: row.id });
      } else {
        expect(row.status).toBe('failed');
        expect(transfers).toHaveLength(0);
      }
    }
  }

  it.each<[string, StripeFault[]]>([
    ['no fault', []],
    ['two 500s', ['server_error', 'server_error']],
    ['two 429s', ['rate_limited', 'rate_limited']],
    ['three socket resets', ['socket_reset', 'socket_reset', 'socket_reset']],
    ['a timeout after the transfer was made', ['timeout_after_transfer']],
    [
      'a 500, a reset and a timeout after the transfer',
      ['server_error', 'socket_reset', 'timeout_after_transfer'],
    ],
  ])('captures every payout exactly once after %s', async (_name, faults) => {
    fake.clearFaults();
    fake.inject(...faults);
    const ids = await approvedPayouts(3);

    const rows = await captureAll(ids);

    expect(rows.map((r) => r.status)).toEqual(['captured', 'captured', 'captured']);
    expectMoneyMovedOnce(rows);
    for (const id of ids) {
      expect((await ctx.eventsOf(id)).map((e) => e.type)).toEqual([
        'evt.payouts.payout.created.v1',
        'evt.payouts.payout.approved.v1',
        'evt.payouts.payout.captured.v1',
      ]);
    }
  });

  it('fails a payout on insufficient balance (402) with the reason, an alert and a failed event', async () => {
    fake.clearFaults();
    fake.inject('insufficient_balance');
    const [id] = await approvedPayouts(1);

    const rows = await captureAll([id]);

    expect(rows[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('balance_insufficient'),
    });
    expectMoneyMovedOnce(rows);
    const events = await ctx.eventsOf(id);
    expect(events.at(-1)).toMatchObject({
      type: 'evt.payouts.payout.failed.v1',
      data: { status: 'failed', reason: expect.stringContaining('balance_insufficient') },
    });
    const alert = ctx.logs.records().find((r) => r.event === 'payout_capture_failed' && r.payout_id === id);
    expect(alert).toMatchObject({ level: 'error' });
  });

  it('fails a payout whose provider named no connected account, without calling Stripe', async () => {
    fake.clearFaults();
    const before = fake.requests.length;
    const [id] = await approvedPayouts(1, { withAccount: false });

    const rows = await captureAll([id]);

    expect(rows[0]).toMatchObject({
      status: 'failed',
      reason: 'the provider has no Stripe connected account',
    });
    expect(fake.requests.length).toBe(before);
  });

  it('gives up after the last attempt when Stripe keeps failing, and no money moved', async () => {
    fake.clearFaults();
    fake.inject(...Array<StripeFault>(MAX_ATTEMPTS).fill('server_error'));
    const [id] = await approvedPayouts(1);

    const rows = await captureAll([id]);

    expect(rows[0]).toMatchObject({
      status: 'failed',
      capture_attempts: MAX_ATTEMPTS,
      reason: expect.stringContaining(`gave up after ${MAX_ATTEMPTS} attempts`),
    });
    expectMoneyMovedOnce(rows);
  });

  it('pays once when two workers race for the same payouts', async () => {
    fake.clearFaults();
    fake.slowMs = 300;
    fake.inject('slow', 'slow');
    const second = ctx.compose({
      settings: { ...fake.env, STRIPE_API_PORT: fake.port, PAYOUT_CAPTURE_LEASE_MS: 1000 },
    });
    const ids = await approvedPayouts(4);

    const [rows] = await Promise.all([captureAll(ids), captureAll(ids, second.capture)]);

    expect(rows.map((r) => r.status)).toEqual(Array(4).fill('captured'));
    expectMoneyMovedOnce(rows);
  });

  it('pays once when the worker is killed between the Stripe call and the commit', async () => {
    fake.clearFaults();
    const [id] = await approvedPayouts(1);
    const leaseMs = 1500;

    const child = spawn(
      process.execPath,
      [
        '-r',
        path.join(root, 'test/support/swc-register.js'),
        path.join(__dirname, '../testing/capture-worker.child.ts'),
      ],
      {
        env: childProcessEnv({
          SCHEMA: ctx.schema,
          DATABASE_URL: ctx.serviceUrl,
          STRIPE_SECRET_KEY: fake.secretKey,
          STRIPE_API_PORT: String(fake.port),
          PAYOUT_CAPTURE_LEASE_MS: String(leaseMs),
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output: string[] = [];
    child.stderr!.on('data', (d) => output.push(String(d)));
    const called = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        output.push(String(d));
        const line = output.join('').match(/CALLED (\S+) (\S+)/);
        if (line) resolve(`${line[1]} ${line[2]}`);
      });
      child.once('exit', (code) => reject(new Error(`child exited ${code}: ${output.join('')}`)));
    });
    expect(called).toBe(`${id} captured`);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    // The money moved, but the worker died before recording it.
    expect(fake.transfersFor(id)).toHaveLength(1);
    expect(await ctx.row(id)).toMatchObject({ status: 'approved', reference: null });

    // Once the dead worker's lease has run out, the next attempt replays Stripe's first answer.
    await new Promise((r) => setTimeout(r, leaseMs + 200));
    const rows = await captureAll([id]);

    expect(rows[0]).toMatchObject({ status: 'captured', capture_attempts: 2 });
    expectMoneyMovedOnce(rows);
    expect(fake.requests.filter((r) => r.idempotency_key === id).map((r) => r.outcome)).toEqual([
      'created',
      'replayed',
    ]);
  }, 90_000);
});
