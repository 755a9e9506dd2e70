import { Queryable, tablesIn } from '@slotline/persistence';

export interface PayoutAccount {
  providerUserId: string;
  stripeAccountId: string;
  updatedAt: Date;
}

/** Which Stripe connected account receives a provider's transfers. */
export class PayoutAccountsRepository {
  private readonly table: string;

  constructor(
    private readonly db: Queryable,
    schema: string,
  ) {
    this.table = tablesIn(schema, ['provider_accounts']).provider_accounts;
  }

  async upsert(providerUserId: string, stripeAccountId: string): Promise<PayoutAccount> {
    const [row] = await this.db.query<
      Array<{ provider_user_id: string; stripe_account_id: string; updated_at: Date }>
    >(
      `INSERT INTO ${this.table} (provider_user_id, stripe_account_id) VALUES ($1, $2)
       ON CONFLICT (provider_user_id) DO UPDATE SET stripe_account_id = EXCLUDED.stripe_account_id, updated_at = now()
       RETURNING provider_user_id, stripe_account_id, updated_at`,
      [providerUserId, stripeAccountId],
    );
    return {
      providerUserId: row.provider_user_id,
      stripeAccountId: row.stripe_account_id,
      updatedAt: row.updated_at,
    };
  }

  async stripeAccountOf(providerUserId: string): Promise<string | null> {
    const rows = await this.db.query<Array<{ stripe_account_id: string }>>(
      `SELECT stripe_account_id FROM ${this.table} WHERE provider_user_id = $1`,
      [providerUserId],
    );
    return rows[0]?.stripe_account_id ?? null;
  }
}
