import { PayoutEventData } from '@slotline/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { actor, metaOf, PayoutsTestContext } from '../testing/payouts-test-context';
import { PayoutDecisionsService } from './payout-decisions.service';

/** PAY-1 / PAY-2 against PostgreSQL: creation once per assignment, the queue, decisions and their events. */
describe(PayoutDecisionsService.name, () => {
  const ctx = new PayoutsTestContext();

  beforeAll(() => ctx.setUp());
  afterAll(() => ctx.tearDown());

  const admin = () => metaOf(ctx.admin);

  it('creates one pending payout per assignment, however often its completion arrives', async () => {
    const event = ctx.completionEvent({ price_amount: 9_900, currency: 'EUR' });
    await ctx.deliver(event);
    await ctx.deliver({ ...event, id: 'a0000000-0000-7000-8000-000000000001' }); // same assignment, another event
    const data = event.data as Record<string, string>;

    const rows = await ctx.dataSource.query(
      `SELECT * FROM "${ctx.schema}".payouts WHERE assignment_id = $1`,
      [data.assignment_id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'pending',
      amount_minor: '9900',
      currency: 'EUR',
      provider_user_id: data.provider_user_id,
      job_id: data.job_id,
    });
    const events = await ctx.eventsOf(rows[0].id);
    expect(events.map((e) => e.type)).toEqual(['evt.payouts.payout.created.v1']);
    expect(events[0].data).toMatchObject({ payout_id: rows[0].id, amount_minor: 9900, status: 'pending' });
  });

  it('refuses a completion event without a price, so it is retried and dead-lettered, not paid wrongly', async () => {
    await expect(ctx.deliver(ctx.completionEvent({ price_amount: 'lots' }))).rejects.toMatchObject({
      code: 'SYS_INTERNAL',
      message: expect.stringContaining('price_amount'),
    });
  });

  it('lists pending payouts oldest first, page by page, filtered by provider and time', async () => {
    const provider = actor('provider');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await ctx.pendingPayout({ provider_user_id: provider.user_id }));

    const first = await ctx.services.queries.list(
      { status: 'pending', provider_user_id: provider.user_id, limit: 2 },
      admin(),
    );
    expect(first.items.map((p) => p.id)).toEqual(ids.slice(0, 2));
    expect(first.has_more).toBe(true);
    const second = await ctx.services.queries.list(
      { status: 'pending', provider_user_id: provider.user_id, limit: 2, cursor: first.next_cursor! },
      admin(),
    );
    expect(second.items.map((p) => p.id)).toEqual([ids[2]]);
    const future = await ctx.services.queries.list(
      { provider_user_id: provider.user_id, from: new Date(Date.now() + 60_000).toISOString(), limit: 10 },
      admin(),
    );
    expect(future.items).toEqual([]);

    await expect(ctx.services.queries.list({ limit: 10 }, metaOf(provider))).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    await expect(ctx.services.queries.list({ limit: 10, cursor: 'nope' }, admin())).rejects.toMatchObject({
      code: 'VAL_CURSOR',
    });
  });

  it("shows providers their own payouts and nobody else's", async () => {
    const provider = actor('provider');
    const other = actor('provider');
    const id = await ctx.pendingPayout({ provider_user_id: provider.user_id });

    const mine = await ctx.services.queries.listMine({ limit: 10 }, metaOf(provider));
    expect(mine.items.map((p) => p.id)).toEqual([id]);
    expect((await ctx.services.queries.listMine({ limit: 10 }, metaOf(other))).items).toEqual([]);
    await expect(ctx.services.queries.get(id, metaOf(other))).rejects.toMatchObject({ code: 'NF_RESOURCE' });
    expect(await ctx.services.queries.get(id, metaOf(provider))).toMatchObject({ id, status: 'pending' });
  });

  it('approves once: a second approval answers the same, and one approved event exists', async () => {
    const id = await ctx.pendingPayout();
    const first = await ctx.services.decisions.approve(id, admin());
    const again = await ctx.services.decisions.approve(id, metaOf(actor('admin')));

    expect(first).toMatchObject({ id, status: 'approved', decided_by: ctx.admin.user_id });
    expect(again).toEqual(first);
    const events = await ctx.eventsOf(id);
    expect(events.map((e) => e.type)).toEqual([
      'evt.payouts.payout.created.v1',
      'evt.payouts.payout.approved.v1',
    ]);
    expect(events[1].actor).toEqual({ user_id: ctx.admin.user_id, role: 'admin' });
    // What notifications and webhooks validate against: the registered payload class.
    for (const e of events) {
      expect(validateSync(plainToInstance(PayoutEventData, e.data))).toEqual([]);
    }
    expect(await ctx.row(id)).toMatchObject({ next_capture_at: expect.any(Date) });
  });

  it('denies with the reason in the payout and its event', async () => {
    const id = await ctx.pendingPayout();
    const denied = await ctx.services.decisions.deny({ id, reason: 'visit never happened' }, admin());

    expect(denied).toMatchObject({ status: 'denied', reason: 'visit never happened' });
    const [, event] = await ctx.eventsOf(id);
    expect(event).toMatchObject({
      type: 'evt.payouts.payout.denied.v1',
      data: { reason: 'visit never happened', actor: { user_id: ctx.admin.user_id, role: 'admin' } },
    });
    await expect(ctx.services.decisions.approve(id, admin())).rejects.toMatchObject({
      code: 'CF_PAYOUT_DECIDED',
      details: { status: 'denied' },
    });
  });

  it('lets only admins decide, and answers 404 for an unknown payout', async () => {
    const id = await ctx.pendingPayout();
    await expect(ctx.services.decisions.approve(id, metaOf(actor('provider')))).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    await expect(
      ctx.services.decisions.approve('01890000-0000-7000-8000-000000000000', admin()),
    ).rejects.toMatchObject({ code: 'NF_RESOURCE' });
    expect(await ctx.row(id)).toMatchObject({ status: 'pending' });
  });

  it.each([1, 2, 3, 4, 5])(
    'ends a burst of approvals and denials with exactly one winner (round %i)',
    async () => {
      const id = await ctx.pendingPayout();
      const admins = [...Array(8)].map(() => actor('admin'));

      const results = await Promise.allSettled(
        admins.map((a, i) =>
          i % 2 === 0
            ? ctx.services.decisions.approve(id, metaOf(a))
            : ctx.services.decisions.deny({ id, reason: 'duplicate claim' }, metaOf(a)),
        ),
      );

      const final = (await ctx.row(id)).status as string;
      const winners = results.flatMap((r, i) =>
        r.status === 'fulfilled' ? [i % 2 === 0 ? 'approved' : 'denied'] : [],
      );
      // Every success agrees with the final state; every loser got 409 CF_PAYOUT_DECIDED.
      expect(new Set(winners)).toEqual(new Set([final]));
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CF_PAYOUT_DECIDED' });
      }
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
      const decisions = (await ctx.eventsOf(id)).filter((e) => e.type !== 'evt.payouts.payout.created.v1');
      expect(decisions.map((e) => e.type)).toEqual([`evt.payouts.payout.${final}.v1`]);
    },
  );
});
