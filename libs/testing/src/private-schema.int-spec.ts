import { outboxTablesSql } from '@slotline/messaging';
import { SUPERUSER_TEST_URL } from '../../../test/support/test-env';
import { PrivateSchema } from './private-schema';

describe(PrivateSchema.name, () => {
  let sut: PrivateSchema;

  beforeAll(async () => {
    sut = await PrivateSchema.create({
      service: 'payouts',
      superuserUrl: SUPERUSER_TEST_URL,
      migrations: (schema) => outboxTablesSql(schema),
    });
  });

  afterAll(async () => {
    await sut?.drop();
  });

  it('gives the service role the rows of its private schema, as in production', async () => {
    await sut.service.query(`DELETE FROM ${sut.schema}.outbox`);
    await expect(sut.service.query(`SELECT count(*)::int AS n FROM ${sut.schema}.outbox`)).resolves.toEqual([
      { n: 0 },
    ]);
  });

  it('does not let the service role change the schema (the migrator owns it)', async () => {
    await expect(sut.service.query(`CREATE TABLE ${sut.schema}.sneaky (id int)`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(sut.service.query(`DROP TABLE ${sut.schema}.outbox`)).rejects.toThrow(
      /must be owner|permission denied/,
    );
  });

  it('drops the schema and everything in it', async () => {
    const other = await PrivateSchema.create({
      service: 'payouts',
      superuserUrl: SUPERUSER_TEST_URL,
      migrations: (schema) => outboxTablesSql(schema),
    });
    await other.drop();
    const rows: unknown[] = await sut.superuser.query(
      'SELECT 1 FROM information_schema.schemata WHERE schema_name = $1',
      [other.schema],
    );
    expect(rows).toHaveLength(0);
  });
});
