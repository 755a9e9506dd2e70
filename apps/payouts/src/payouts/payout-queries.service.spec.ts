import { aCallMeta, anActor, callAs, InMemoryTransactions, substitute } from '@slotline/testing';
import { InMemoryPayoutsRepository } from '../testing/in-memory-payouts.repository';
import { aPayoutRecord } from '../testing/payout-records.factory';
import { PayoutQueriesService } from './payout-queries.service';

describe(PayoutQueriesService.name, () => {
  const NOW = new Date('2030-03-01T12:00:00Z');
  const admin = aCallMeta(anActor('admin'));
  const provider = anActor('provider');
  let payouts: InMemoryPayoutsRepository;
  let sut: PayoutQueriesService;

  beforeEach(() => {
    payouts = new InMemoryPayoutsRepository(new InMemoryTransactions());
    sut = new PayoutQueriesService(substitute(payouts), () => NOW);
  });

  it('lists the queue oldest first for admins, filtered by status, a page at a time', async () => {
    const [first, second] = [1, 2, 3].map(() => payouts.rows.insert(aPayoutRecord()));
    payouts.rows.insert(aPayoutRecord({ status: 'approved' }));

    const page = await sut.list({ status: 'pending', limit: 2 }, admin);

    expect(page.items.map((p) => p.id)).toEqual([first.id, second.id]);
    expect(page.has_more).toBe(true);
    const rest = await sut.list({ status: 'pending', limit: 2, cursor: page.next_cursor! }, admin);
    expect(rest).toMatchObject({ items: [expect.objectContaining({ status: 'pending' })], has_more: false });
  });

  it.each(['customer', 'provider'] as const)('keeps the queue from a %s', async (role) => {
    await expect(sut.list({ limit: 20 }, callAs(role))).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
    await expect(sut.backlog(callAs(role))).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
  });

  it("shows a provider their own payout and answers another's as if it did not exist", async () => {
    const mine = payouts.rows.insert(aPayoutRecord({ providerUserId: provider.user_id }));
    const theirs = payouts.rows.insert(aPayoutRecord());

    await expect(sut.get(mine.id, aCallMeta(provider))).resolves.toMatchObject({ id: mine.id });
    await expect(sut.get(theirs.id, aCallMeta(provider))).rejects.toMatchObject({ code: 'NF_RESOURCE' });
    await expect(sut.get(aPayoutRecord().id, aCallMeta(provider))).rejects.toMatchObject({
      code: 'NF_RESOURCE',
    });
    await expect(sut.get(theirs.id, admin)).resolves.toMatchObject({ id: theirs.id });
  });

  it('lists only the calling provider’s payouts, newest first', async () => {
    const older = payouts.rows.insert(aPayoutRecord({ providerUserId: provider.user_id }));
    payouts.rows.insert(aPayoutRecord());
    const newer = payouts.rows.insert(aPayoutRecord({ providerUserId: provider.user_id, status: 'denied' }));

    const page = await sut.listMine({ limit: 20 }, aCallMeta(provider));

    expect(page.items.map((p) => p.id)).toEqual([newer.id, older.id]);
    await expect(sut.listMine({ limit: 20 }, admin)).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
  });

  it('reports how many payouts wait and how long the oldest has waited', async () => {
    payouts.rows.insert(aPayoutRecord({ createdAt: new Date('2030-03-01T11:00:00Z') }));
    payouts.rows.insert(aPayoutRecord({ createdAt: new Date('2030-03-01T11:30:00Z') }));
    payouts.rows.insert(aPayoutRecord({ status: 'approved', createdAt: new Date('2030-02-01T00:00:00Z') }));

    expect(await sut.backlog(admin)).toEqual({
      payout_pending: 2,
      oldest_pending_age_seconds: 3600,
      as_of: NOW.toISOString(),
    });
  });

  it('reports an empty backlog without an age', async () => {
    expect(await sut.backlog(admin)).toMatchObject({ payout_pending: 0, oldest_pending_age_seconds: null });
  });
});
