import { MIGRATOR_ROLE, SERVICE_SCHEMAS } from '@slotline/persistence';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { migrateAll } from '../../scripts/platform/migrate';
import { ADMIN_URL, TEST_DATABASE } from '../support/test-env';
import { ROOT } from './support/manifests';

const cluster = parse(fs.readFileSync(path.join(ROOT, 'k8s/platform/postgres/cluster.yaml'), 'utf8'));
const initdb = cluster.spec.bootstrap.initdb as {
  database: string;
  owner: string;
  postInitApplicationSQL: string[];
};
/** A database of this checkout's own, created and dropped here (never another checkout's). */
const DATABASE = `${TEST_DATABASE}_cnpg`;

/** Role (cluster-wide, shared by every database here) creation is skipped when the role already exists. */
function localized(statement: string): string {
  const role = /^CREATE ROLE (\w+) LOGIN$/.exec(statement);
  if (role) {
    return `DO $$ BEGIN CREATE ROLE ${role[1]} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`;
  }
  return statement.replace(new RegExp(`\\b${initdb.database}\\b`, 'g'), DATABASE);
}

const url = (base: string, database: string) => base.replace(/\/[^/]+$/, `/${database}`);

/** What provisioning leaves behind, in a form two databases can be compared by. */
async function provisioned(database: string) {
  const db = new Client({ connectionString: url(ADMIN_URL, database) });
  await db.connect();
  try {
    const schemas = Object.values(SERVICE_SCHEMAS).map((s) => s.schema);
    const q = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
    return {
      owners: await q(
        'SELECT nspname, pg_get_userbyid(nspowner) AS owner, nspacl::text AS acl FROM pg_namespace WHERE nspname = ANY($1) ORDER BY 1',
        [schemas],
      ),
      defaultAcls: await q(
        `SELECT n.nspname, d.defaclobjtype, d.defaclacl::text AS acl FROM pg_default_acl d
           JOIN pg_namespace n ON n.oid = d.defaclnamespace WHERE n.nspname = ANY($1) ORDER BY 1, 2`,
        [schemas],
      ),
      roleSettings: await q(
        `SELECT r.rolname, s.setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
           WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY 1`,
      ),
      publicSchemaAcl: (await q("SELECT nspacl::text AS acl FROM pg_namespace WHERE nspname = 'public'"))[0]
        .acl,
      extensions: await q("SELECT extname FROM pg_extension WHERE extname = 'btree_gist'"),
      tables: await q(
        `SELECT schemaname, tablename, tableowner FROM pg_tables WHERE schemaname = ANY($1) ORDER BY 1, 2`,
        [schemas],
      ),
    };
  } finally {
    await db.end();
  }
}

/**
 * The CloudNativePG bootstrap (k8s/platform/postgres/cluster.yaml, postInitApplicationSQL) and the local
 * provisioning (libs/persistence/src/provision-database.ts) must build the same database: a fresh
 * database provisioned by the manifest's SQL, then migrated by the migrator, is compared with the test
 * database that provisionDatabase() built.
 */
describe('the CloudNativePG bootstrap SQL provisions what provisionDatabase() does', () => {
  let admin: Client;

  beforeAll(async () => {
    admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    // CloudNativePG's initdb creates the database owned by `owner`, then runs the SQL in it as superuser.
    await admin.query(`CREATE DATABASE ${DATABASE} OWNER ${initdb.owner}`);
    const db = new Client({ connectionString: url(ADMIN_URL, DATABASE) });
    await db.connect();
    try {
      for (const statement of initdb.postInitApplicationSQL) await db.query(localized(statement));
    } finally {
      await db.end();
    }
  }, 120_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin?.end();
  });

  it('names the migrator as the database owner', () => {
    expect(initdb.owner).toBe(MIGRATOR_ROLE);
    expect(initdb.database).toBe('slotline');
  });

  it('lets the migrator apply every migration, and ends up identical to the local provisioning', async () => {
    await migrateAll({ database: DATABASE });
    const fromManifest = await provisioned(DATABASE);
    const fromCode = await provisioned(TEST_DATABASE);
    expect(fromManifest.tables.length).toBeGreaterThan(5);
    const services = Object.keys(SERVICE_SCHEMAS).length;
    expect(fromManifest.roleSettings).toHaveLength(services); // search_path and statement_timeout each
    expect(fromManifest.defaultAcls).toHaveLength(2 * services); // tables and sequences each
    expect(fromManifest).toEqual(fromCode);
  }, 300_000);

  it('confines each service role to its schema', async () => {
    const [first, second] = Object.values(SERVICE_SCHEMAS);
    const db = new Client({ connectionString: `postgres://${first.role}@127.0.0.1:5432/${DATABASE}` });
    await db.connect();
    try {
      await expect(db.query(`SELECT 1 FROM ${second.schema}.migrations LIMIT 1`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(db.query(`CREATE TABLE public.sneaky (id int)`)).rejects.toThrow(/permission denied/);
      const { rows } = await db.query(`SELECT count(*) AS n FROM ${first.schema}.migrations`);
      expect(Number(rows[0].n)).toBeGreaterThan(0);
    } finally {
      await db.end();
    }
  });
});
