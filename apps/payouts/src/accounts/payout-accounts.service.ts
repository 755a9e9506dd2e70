import { CallMeta, PayoutAccountBody, PayoutAccountView } from '@slotline/contracts';
import { requireProvider } from '../common/call-context';
import { PayoutAccountsRepository } from './payout-accounts.repository';

/** A provider names the Stripe connected account their payouts go to (PAY-3). */
export class PayoutAccountsService {
  constructor(private readonly accounts: PayoutAccountsRepository) {}

  async setMine(body: PayoutAccountBody, meta: CallMeta): Promise<PayoutAccountView> {
    const provider = requireProvider(meta);
    const saved = await this.accounts.upsert(provider.user_id, body.stripe_account_id);
    return {
      provider_user_id: saved.providerUserId,
      stripe_account_id: saved.stripeAccountId,
      updated_at: saved.updatedAt.toISOString(),
    };
  }
}
