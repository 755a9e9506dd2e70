import { SERVICE_SCHEMAS } from '@slotline/persistence';
import type { QueryRunner } from 'typeorm';
import { NOTIFICATIONS_MIGRATIONS, notificationsMigrationsSql } from './index';

describe(notificationsMigrationsSql.name, () => {
  it('is, for the service schema, exactly what the migration classes run, in their order', async () => {
    const ran: string[] = [];
    const q = { query: async (sql: string) => void ran.push(sql) } as unknown as QueryRunner;
    for (const Migration of NOTIFICATIONS_MIGRATIONS) await new Migration().up(q);

    expect(notificationsMigrationsSql(SERVICE_SCHEMAS.notifications.schema)).toEqual(ran);
  });

  it('puts every table, index and key of a private schema in that schema', () => {
    const sql = notificationsMigrationsSql('ntf_t_abc').join('\n');

    expect(sql).not.toMatch(/\bnotifications\.\w/);
    expect(sql).toContain('CREATE TABLE ntf_t_abc.notifications (');
  });
});
