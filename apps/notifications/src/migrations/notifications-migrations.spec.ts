import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { statementsRunBy } from '@slotline/testing';
import { NOTIFICATIONS_MIGRATIONS, notificationsMigrationsSql } from './index';

describe(notificationsMigrationsSql.name, () => {
  it('is, for the service schema, exactly what the migration classes run, in their order', async () => {
    expect(notificationsMigrationsSql(SERVICE_SCHEMAS.notifications.schema)).toEqual(
      await statementsRunBy(NOTIFICATIONS_MIGRATIONS),
    );
  });

  it('puts every table, index and key of a private schema in that schema', () => {
    const sql = notificationsMigrationsSql('ntf_t_abc').join('\n');

    expect(sql).not.toMatch(/\bnotifications\.\w/);
    expect(sql).toContain('CREATE TABLE ntf_t_abc.notifications (');
    expect(sql).toContain('ALTER TABLE ntf_t_abc.notifications ADD COLUMN leases integer NOT NULL DEFAULT 0');
  });
});
