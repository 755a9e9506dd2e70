import { actor, metaOf, PayoutsTestContext } from '../testing/payouts-test-context';
import { ManualPaymentProvider } from './manual-payment.provider';

/** PAY-3 without a Stripe key: the fallback is recorded, and an admin settles with a reference. */
describe(ManualPaymentProvider.name, () => {
  const ctx = new PayoutsTestContext();

  beforeAll(() => ctx.setUp()); // TEST_SETTINGS has no STRIPE_SECRET_KEY: the manual adapter
  afterAll(() => ctx.tearDown());

  it('parks an approved payout for manual settlement, then captures it with the admin reference', async () => {
    const id = await ctx.pendingPayout();
    await ctx.services.decisions.approve(id, metaOf(ctx.admin));

    await ctx.services.capture.tick();

    expect(await ctx.row(id)).toMatchObject({
      status: 'approved',
      capture_method: 'manual',
      next_capture_at: null,
    });
    expect(ctx.logs.records().find((r) => r.event === 'payout_manual_settlement_required')).toMatchObject({
      payout_id: id,
    });

    const settler = actor('admin');
    const settled = await ctx.services.decisions.settle({ id, reference: 'BANK-2026-001' }, metaOf(settler));
    expect(settled).toMatchObject({
      status: 'captured',
      reference: 'BANK-2026-001',
      capture_method: 'manual',
      decided_by: ctx.admin.user_id, // the approver; who settled is in the event
    });
    const again = await ctx.services.decisions.settle({ id, reference: 'BANK-2026-001' }, metaOf(ctx.admin));
    expect(again).toEqual(settled);
    await expect(
      ctx.services.decisions.settle({ id, reference: 'BANK-2026-002' }, metaOf(ctx.admin)),
    ).rejects.toMatchObject({ code: 'CF_PAYOUT_DECIDED' });
    const events = await ctx.eventsOf(id);
    expect(events.map((e) => e.type)).toEqual([
      'evt.payouts.payout.created.v1',
      'evt.payouts.payout.approved.v1',
      'evt.payouts.payout.captured.v1',
    ]);
    expect(events[2]).toMatchObject({
      actor: { user_id: settler.user_id, role: 'admin' },
      data: { reference: 'BANK-2026-001' },
    });
  });

  it('refuses to settle a payout nobody approved', async () => {
    const id = await ctx.pendingPayout();
    await expect(
      ctx.services.decisions.settle({ id, reference: 'X' }, metaOf(ctx.admin)),
    ).rejects.toMatchObject({
      code: 'BR_INVALID_STATE_TRANSITION',
    });
  });
});
