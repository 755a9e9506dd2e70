/**
 * `npm run db:restore -- <backup-dir> <target-database>`: restores a backup made by `npm run db:backup`
 * into a NEW database (never over a live one) and proves the result (OPS-6):
 *   1. every file matches SHA256SUMS;
 *   2. pg_restore in one transaction, stopping at the first error;
 *   3. the database-level grants and per-database role settings, which a dump does not carry, are
 *      re-applied by the same provisioning the platform uses;
 *   4. row counts and per-table checksums equal the ones recorded in the dump's snapshot, no constraint
 *      is left unvalidated, every role the restored objects name is in roles.sql, and the audit chain
 *      verifies.
 * With RESTORE_APPLY_ROLES=1 roles.sql is applied first (a new, empty cluster); on a cluster that has
 * the roles, leave it off. Prints the report as JSON; exit 0 when every check passed, 2 when a check
 * failed, 1 when the restore could not run. Runbook: docs/runbooks/backup-restore.md.
 */
import { loadConfig } from '@slotline/config';
import { Client } from 'pg';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertIdentifier, provisionDatabase } from '@slotline/persistence';
import { runAuditVerify } from '../audit-verify';
import {
  DUMP_FILE,
  ROLES_FILE,
  checksumMismatches,
  pgConnection,
  readManifest,
  runTool,
  withDatabase,
} from './backup-files';
import { RestoreConfig } from './backup.config';
import { compareFingerprints, fingerprintDatabase, unvalidatedConstraints } from './database-fingerprint';

export interface RestoreOptions {
  backupDir: string;
  targetDatabase: string;
  /** A superuser connection to the target cluster (any database; the target is created beside it). */
  adminUrl: string;
  applyRoles?: boolean;
}

export interface RestoreReport {
  ok: boolean;
  database: string;
  source_database: string;
  tables: number;
  rows: number;
  problems: string[];
  audit_chain: { ok: boolean; checked: number };
  seconds: number;
}

export async function runRestore(opts: RestoreOptions): Promise<RestoreReport> {
  const started = Date.now();
  const target = assertIdentifier(opts.targetDatabase);
  const corrupt = await checksumMismatches(opts.backupDir);
  if (corrupt.length) throw new Error(`backup ${opts.backupDir} is damaged: ${corrupt.join('; ')}`);
  const manifest = readManifest(opts.backupDir);
  const rolesSql = readFileSync(join(opts.backupDir, ROLES_FILE), 'utf8');

  const admin = new Client({ connectionString: opts.adminUrl, application_name: 'slotline-restore' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [target]);
    if (exists.rowCount) throw new Error(`database ${target} exists; restore only into a new database`);
    await admin.query(`CREATE DATABASE ${target}`);
  } finally {
    await admin.end();
  }

  const targetUrl = withDatabase(opts.adminUrl, target);
  const conn = pgConnection(opts.adminUrl);
  if (opts.applyRoles) {
    // Without ON_ERROR_STOP: "role … already exists" for the bootstrap superuser is expected.
    await runTool('psql', ['--quiet', '--file', join(opts.backupDir, ROLES_FILE), conn.dbname], conn.env);
  }
  const restore = pgConnection(targetUrl);
  await runTool(
    'pg_restore',
    ['--exit-on-error', '--single-transaction', restore.dbname, join(opts.backupDir, DUMP_FILE)],
    restore.env,
  );
  await provisionDatabase({ adminUrl: opts.adminUrl, database: target });

  const problems: string[] = [];
  const client = new Client({ connectionString: targetUrl, application_name: 'slotline-restore-verify' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const restored = await fingerprintDatabase(client);
    problems.push(...compareFingerprints(manifest.fingerprint, restored));
    problems.push(...(await unvalidatedConstraints(client)).map((c) => `${c}: constraint not validated`));
    problems.push(
      ...(await rolesMissingFrom(client, rolesSql)).map((r) => `${r}: role not in ${ROLES_FILE}`),
    );
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  const audit = await runAuditVerify({ DATABASE_URL: targetUrl });
  if (!audit.ok) problems.push(`audit chain broken at seq ${audit.first_broken?.seq ?? '?'}`);

  const tables = Object.values(manifest.fingerprint);
  return {
    ok: problems.length === 0,
    database: target,
    source_database: manifest.database,
    tables: tables.length,
    rows: tables.reduce((n, t) => n + t.rows, 0),
    problems,
    audit_chain: { ok: audit.ok, checked: audit.checked },
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Roles that own a restored object or hold a grant on one but that roles.sql would not create (the
 * predefined `pg_*` roles exist in every cluster).
 */
async function rolesMissingFrom(client: Client, rolesSql: string): Promise<string[]> {
  const { rows } = await client.query<{ role: string }>(
    `SELECT DISTINCT r.rolname AS role FROM (
        SELECT relowner AS oid FROM pg_class WHERE relnamespace NOT IN (SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', 'information_schema') OR nspname LIKE 'pg_toast%')
        UNION SELECT nspowner FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg_toast%'
        UNION SELECT (aclexplode(nspacl)).grantee FROM pg_namespace WHERE nspacl IS NOT NULL
        UNION SELECT (aclexplode(relacl)).grantee FROM pg_class WHERE relacl IS NOT NULL
      ) used JOIN pg_roles r ON r.oid = used.oid
      WHERE r.rolname NOT LIKE 'pg\\_%' ORDER BY 1`,
  );
  const created = new Set([...rolesSql.matchAll(/^CREATE ROLE "?([^";\s]+)"?;/gm)].map((m) => m[1]));
  return rows.map((r) => r.role).filter((role) => !created.has(role));
}

if (require.main === module) {
  const [backupDir, targetDatabase] = process.argv.slice(2);
  if (!backupDir || !targetDatabase) {
    process.stderr.write('usage: npm run db:restore -- <backup-dir> <target-database>\n');
    process.exit(1);
  }
  const config = loadConfig(RestoreConfig);
  runRestore({
    backupDir,
    targetDatabase,
    adminUrl: config.RESTORE_ADMIN_URL,
    applyRoles: config.RESTORE_APPLY_ROLES ?? false,
  }).then(
    (report) => {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      process.exit(report.ok ? 0 : 2);
    },
    (err: unknown) => {
      process.stderr.write(`[restore] failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
