import { Client } from 'pg';
import { STATEMENT_TIMEOUT_MS } from './data-source.factory';
import { MIGRATOR_ROLE, SERVICE_SCHEMAS, assertIdentifier } from './service-schemas';

export interface ProvisionOptions {
  /** A superuser connection to the cluster's maintenance database (local trust auth by default). */
  adminUrl: string;
  database: string;
}

async function ignoreDuplicate(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    // Two processes may provision at once (tests, replicas): "already exists" is success.
    if (!['42P04', '42710', '23505', '42P06'].includes((err as { code?: string }).code ?? '')) throw err;
  }
}

/**
 * Creates, if missing, the database, the migrator role and one login role per service, one schema per
 * service owned by the migrator, and the grants that confine each service role to its own schema.
 * Idempotent. Used by the local start-up and the tests; in production the platform team runs the same
 * statements once with real passwords (docs/runbooks/database-roles.md).
 */
export async function provisionDatabase(opts: ProvisionOptions): Promise<void> {
  const database = assertIdentifier(opts.database);
  const admin = new Client({ connectionString: opts.adminUrl });
  await admin.connect();
  try {
    const roles = [MIGRATOR_ROLE, ...Object.values(SERVICE_SCHEMAS).map((s) => s.role)];
    for (const role of roles) {
      const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (!exists.rowCount)
        await ignoreDuplicate(() => admin.query(`CREATE ROLE ${assertIdentifier(role)} LOGIN`));
    }
    const db = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!db.rowCount) await ignoreDuplicate(() => admin.query(`CREATE DATABASE ${database}`));
  } finally {
    await admin.end();
  }

  const url = new URL(opts.adminUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${MIGRATOR_ROLE}`);
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    // Exclusion constraints over (uuid, tstzrange) need btree_gist; only a superuser may create it.
    await ignoreDuplicate(() => client.query('CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public'));
    for (const { schema, role } of Object.values(SERVICE_SCHEMAS)) {
      await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${role}`);
      await ignoreDuplicate(() =>
        client.query(`CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${MIGRATOR_ROLE}`),
      );
      await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
      await client.query(
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${MIGRATOR_ROLE} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
      );
      await client.query(
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${MIGRATOR_ROLE} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
      );
      // The role's defaults, not just the connection's startup options: PgBouncer in transaction mode
      // drops those (k8s/platform/postgres/pooler.yaml), and these then still apply on every connection.
      await client.query(`ALTER ROLE ${role} IN DATABASE ${database} SET search_path = ${schema}`);
      await client.query(
        `ALTER ROLE ${role} IN DATABASE ${database} SET statement_timeout = ${STATEMENT_TIMEOUT_MS}`,
      );
    }
  } finally {
    await client.end();
  }
}
