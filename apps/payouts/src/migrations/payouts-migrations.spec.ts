import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { statementsRunBy } from '@slotline/testing';
import { PAYOUTS_MIGRATIONS, payoutsMigrationsSql } from './index';

describe(payoutsMigrationsSql.name, () => {
  it('is, for the service schema, exactly what the migration classes run, in their order', async () => {
    expect(payoutsMigrationsSql(SERVICE_SCHEMAS.payouts.schema)).toEqual(
      await statementsRunBy(PAYOUTS_MIGRATIONS),
    );
  });

  it('puts every table, index and key of a private schema in that schema', () => {
    const sql = payoutsMigrationsSql('pay_t_abc').join('\n');

    expect(sql).not.toMatch(/\bpayouts"?\.\w/);
    expect(sql).toContain('CREATE TABLE "pay_t_abc".payouts (');
  });
});
