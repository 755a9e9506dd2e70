import { SUPERUSER_TEST_URL } from '@slotline/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

type NotificationsTable =
  'calendar_entries' | 'notification_attempts' | 'notifications' | 'preferences' | 'recipients';

/** The copy of each table: as migrated (columns, checks, defaults, keys). */
function copyOf(schema: string, table: NotificationsTable): string {
  // `insertMany` names its unique key, which a copy made with INCLUDING INDEXES would rename.
  if (table === 'notifications')
    return `CREATE TABLE "${schema}".notifications (LIKE notifications.notifications INCLUDING ALL EXCLUDING INDEXES,
      PRIMARY KEY (id), CONSTRAINT notifications_once UNIQUE (event_id, recipient_id, channel, kind))`;
  return `CREATE TABLE "${schema}".${table} (LIKE notifications.${table} INCLUDING ALL)`;
}

/**
 * Copies of notifications' tables in a schema of the suite's own, so repository int-specs run in
 * parallel and in any order; `drop` removes the schema and closes the connection.
 */
export async function ownSchemaTables(
  prefix: string,
  tables: NotificationsTable[],
): Promise<{ dataSource: DataSource; schema: string; drop: () => Promise<void> }> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const dataSource = new DataSource({ type: 'postgres', url: SUPERUSER_TEST_URL, poolSize: 3 });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA "${schema}"`);
  for (const table of tables) await dataSource.query(copyOf(schema, table));
  return {
    dataSource,
    schema,
    drop: async () => {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}
