import { pollUntil } from '@slotline/testing';
import { Client } from 'pg';
import { StripeFake } from '../support/stripe-fake';
import { TestPlatform } from '../support/test-platform';
import { Http, usePlatform } from '../support/use-platform';
import { bearer, signUpAal2 } from './auth-support';
import { completedVisit, EVERY_DAY, signUp, User } from './scheduling-support';

const fake = new StripeFake();

/** PAY-1…PAY-4 end to end: a completed visit becomes a payout, an admin with 2FA approves, Stripe pays once. */
describe('payouts through the gateway', () => {
  let platform: TestPlatform;
  let http: Http;
  let db: Client;
  let provider: User;
  let customer: User;
  let admin: { id: string; auth: { Authorization: string } };
  let account: string;

  usePlatform(
    async () => {
      await fake.start();
      fake.setBalance('gbp', 10_000_000);
      return TestPlatform.start({
        apps: ['auth-audit', 'scheduling', 'payouts', 'gateway'],
        env: {
          AUTH_REQUIRE_ADMIN_2FA: 'true',
          RATE_LIMIT_AUTH_POINTS: '1000',
          RATE_LIMIT_WRITE_POINTS: '1000',
          RATE_LIMIT_ADMIN_POINTS: '1000',
        },
        appEnv: {
          payouts: { ...fake.env, PAYOUT_CAPTURE_INTERVAL_MS: '100', PAYOUT_CAPTURE_BASE_DELAY_MS: '50' },
        },
      });
    },
    (started) => ({ platform, http, db } = started),
  );
  afterAll(() => fake.stop());

  beforeAll(async () => {
    [customer, provider] = await Promise.all([signUp(http, db, 'customer'), signUp(http, db, 'provider')]);
    const signedIn = await signUpAal2(http, db, 'admin');
    admin = { id: signedIn.id, auth: { Authorization: bearer(signedIn.access) } };
    await http
      .post('/v1/me/practitioner')
      .set(provider.auth)
      .send({ name: 'Dr Pay', time_zone: 'Europe/London', weekly_hours: EVERY_DAY('08:00', '18:00') })
      .expect(201);
    account = fake.addAccount();
    const saved = await http
      .put('/v1/me/payout-account')
      .set(provider.auth)
      .send({ stripe_account_id: account })
      .expect(200);
    expect(saved.body).toMatchObject({ provider_user_id: provider.id, stripe_account_id: account });
  });

  async function payoutOf(assignmentId: string, status: string) {
    return pollUntil(
      `a ${status} payout for ${assignmentId}`,
      async () => {
        const res = await http.get('/v1/me/payouts').query({ limit: 100 }).set(provider.auth).expect(200);
        return (res.body.items as Array<Record<string, unknown>>).find(
          (p) => p.assignment_id === assignmentId && p.status === status,
        );
      },
      { timeoutMs: 20_000 },
    );
  }

  it('pays a completed visit once an admin with a second factor approves it', async () => {
    const assignmentId = await completedVisit(http, db, { customer, provider }, 10);
    const pending = await payoutOf(assignmentId, 'pending');
    expect(pending).toMatchObject({ amount_minor: 12_500, currency: 'GBP', provider_user_id: provider.id });
    const id = pending.id as string;

    const queue = await http
      .get('/v1/admin/payouts')
      .query({ status: 'pending', provider_user_id: provider.id, limit: 100 })
      .set(admin.auth);
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((p: { id: string }) => p.id)).toContain(id);
    const report = await http.get('/v1/admin/fulfilment').set(admin.auth).expect(200);
    expect(report.body.payout_pending).toBeGreaterThanOrEqual(1);

    const approved = await http.post(`/v1/admin/payouts/${id}/approve`).set(admin.auth).expect(200);
    expect(approved.body).toMatchObject({ id, status: 'approved', decided_by: admin.id });
    const again = await http.post(`/v1/admin/payouts/${id}/approve`).set(admin.auth).expect(200);
    expect(again.body.decided_at).toBe(approved.body.decided_at);
    const late = await http
      .post(`/v1/admin/payouts/${id}/deny`)
      .set(admin.auth)
      .send({ reason: 'too late' })
      .expect(409);
    expect(late.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(late.body).toMatchObject({
      code: 'CF_PAYOUT_DECIDED',
      details: { status: expect.stringMatching(/^(approved|captured)$/) },
    });

    const captured = await payoutOf(assignmentId, 'captured');
    const transfers = fake.transfersFor(id);
    expect(transfers).toHaveLength(1);
    expect(captured).toMatchObject({ capture_method: 'stripe', reference: transfers[0].id });
    expect(transfers[0]).toMatchObject({ amount: 12_500, currency: 'gbp', destination: account });

    // The decision reached the audit log with who and when.
    const audit = await pollUntil(
      'the approval in the audit log',
      async () => {
        const { rows } = await db.query(
          `SELECT actor_id, action, occurred_at FROM auth.audit_log WHERE resource_id = $1 AND action = 'payouts.payout.approved'`,
          [id],
        );
        return rows[0];
      },
      { timeoutMs: 20_000 },
    );
    expect(audit).toMatchObject({ actor_id: admin.id, occurred_at: expect.any(Date) });
  });

  it('denies with a required reason, audited with the reason', async () => {
    const assignmentId = await completedVisit(http, db, { customer, provider }, 11);
    const { id } = (await payoutOf(assignmentId, 'pending')) as { id: string };

    const missing = await http.post(`/v1/admin/payouts/${id}/deny`).set(admin.auth).send({}).expect(400);
    expect(missing.body.code).toBe('VAL_FAILED');
    const denied = await http
      .post(`/v1/admin/payouts/${id}/deny`)
      .set(admin.auth)
      .send({ reason: 'visit was a duplicate' })
      .expect(200);
    expect(denied.body).toMatchObject({ status: 'denied', reason: 'visit was a duplicate' });
    expect(fake.transfersFor(id)).toHaveLength(0);

    const audit = await pollUntil(
      'the denial in the audit log',
      async () => {
        const { rows } = await db.query(
          `SELECT actor_id, metadata FROM auth.audit_log WHERE resource_id = $1 AND action = 'payouts.payout.denied'`,
          [id],
        );
        return rows[0];
      },
      { timeoutMs: 20_000 },
    );
    expect(audit.actor_id).toBe(admin.id);
    expect(audit.metadata.data.reason).toBe('visit was a duplicate');
  });

  it('keeps the queue to admins with a second factor, and payouts to their provider', async () => {
    const [plainAdmin, otherProvider] = await Promise.all([
      signUp(http, db, 'admin'),
      signUp(http, db, 'provider'),
    ]);

    const refused = await http.get('/v1/admin/payouts').set(plainAdmin.auth).expect(403);
    expect(refused.body.code).toBe('AUTH_2FA_REQUIRED');
    expect((await http.get('/v1/admin/payouts').set(provider.auth).expect(403)).body.code).toBe(
      'AUTH_FORBIDDEN',
    );
    const theirs = await http.get('/v1/me/payouts').set(otherProvider.auth).expect(200);
    expect(theirs.body.items).toEqual([]);
    expect((await http.get('/v1/me/payouts').set(customer.auth).expect(403)).body.code).toBe(
      'AUTH_FORBIDDEN',
    );
  });

  it('exposes the backlog gauges on the payouts service', async () => {
    const metrics = await fetch(`${platform.url('payouts')}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^payouts_pending\{[^}]*\} \d+$/m);
    expect(metrics).toMatch(/^payouts_oldest_pending_age_seconds\{[^}]*\} [\d.e+-]+$/m);
  });

  // Last: it stops the payouts service.
  it('still reports the scheduling counts while payouts is away, with payout_pending null', async () => {
    await platform.stopOne('payouts');
    const report = await http.get('/v1/admin/fulfilment').set(admin.auth).expect(200);
    expect(report.body).toMatchObject({ payout_pending: null, scheduled: expect.any(Number) });
  });
});
