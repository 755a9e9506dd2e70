import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statements a service's migration classes run, in their order, recorded instead of executed: a
 * spec compares them with the `<service>MigrationsSql(schema)` a PrivateSchema is provisioned from.
 */
export async function statementsRunBy(migrations: Array<new () => MigrationInterface>): Promise<string[]> {
  const ran: string[] = [];
  const q = { query: async (sql: string) => void ran.push(sql) } as unknown as QueryRunner;
  for (const Migration of migrations) await new Migration().up(q);
  return ran;
}
