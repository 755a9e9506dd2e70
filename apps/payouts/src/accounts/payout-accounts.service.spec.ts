import { aCallMeta, anActor, callAs, substitute } from '@slotline/testing';
import type { PayoutAccount, PayoutAccountsRepository } from './payout-accounts.repository';
import { PayoutAccountsService } from './payout-accounts.service';

/** `PayoutAccountsRepository` over memory: one account per provider, replaced on upsert. */
class InMemoryPayoutAccounts implements Pick<PayoutAccountsRepository, 'upsert'> {
  readonly byProvider = new Map<string, PayoutAccount>();

  async upsert(providerUserId: string, stripeAccountId: string): Promise<PayoutAccount> {
    const account = { providerUserId, stripeAccountId, updatedAt: new Date() };
    this.byProvider.set(providerUserId, account);
    return account;
  }
}

describe(PayoutAccountsService.name, () => {
  let accounts: InMemoryPayoutAccounts;
  let sut: PayoutAccountsService;

  beforeEach(() => {
    accounts = new InMemoryPayoutAccounts();
    sut = new PayoutAccountsService(substitute(accounts));
  });

  it('names the calling provider’s connected account, replacing the one before', async () => {
    const provider = anActor('provider');

    await sut.setMine({ stripe_account_id: 'acct_first' }, aCallMeta(provider));
    const view = await sut.setMine({ stripe_account_id: 'acct_second' }, aCallMeta(provider));

    expect(view).toMatchObject({ provider_user_id: provider.user_id, stripe_account_id: 'acct_second' });
    expect([...accounts.byProvider.values()].map((a) => a.stripeAccountId)).toEqual(['acct_second']);
  });

  it.each(['customer', 'admin'] as const)('has no account for a %s', async (role) => {
    await expect(sut.setMine({ stripe_account_id: 'acct_x' }, callAs(role))).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    expect(accounts.byProvider.size).toBe(0);
  });
});
