/**
 * `npm run db:backup`: a logical backup of one database (OPS-6) into BACKUP_DIR/<database>-<UTC time>/:
 * `database.dump` (pg_dump custom format), `roles.sql` (pg_dumpall --roles-only: roles are cluster-wide,
 * the dump does not carry them), `manifest.json` (row counts and per-table checksums taken in the dump's
 * own snapshot) and `SHA256SUMS`. Keeps the BACKUP_RETENTION newest backups of that database and
 * deletes older ones. Runbook: docs/runbooks/backup-restore.md.
 */
import { loadConfig } from '@slotline/config';
import { Client } from 'pg';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BackupManifest,
  DUMP_FILE,
  MANIFEST_FILE,
  ROLES_FILE,
  databaseOf,
  pgConnection,
  runTool,
  writeChecksums,
} from './backup-files';
import { BackupConfig } from './backup.config';
import { fingerprintDatabase } from './database-fingerprint';

export interface BackupOptions {
  /** A role that can read every table and the roles catalogue: a superuser, or a dedicated backup role. */
  sourceUrl: string;
  dir: string;
  /** How many backups of this database to keep (the new one included). */
  retention: number;
  now?: Date;
}

export interface BackupResult {
  path: string;
  tables: number;
  rows: number;
  removed: string[];
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

export async function runBackup(opts: BackupOptions): Promise<BackupResult> {
  if (!Number.isInteger(opts.retention) || opts.retention < 1) throw new Error('retention must be 1 or more');
  const database = databaseOf(opts.sourceUrl);
  const path = join(opts.dir, `${database}-${stamp(opts.now ?? new Date())}`);
  // The roles file holds password hashes: the backup is a secret, readable by its owner only.
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
  let manifest: BackupManifest;
  try {
    manifest = await writeBackup(path, database, opts);
  } catch (err) {
    // A half-written backup must never count towards retention nor be mistaken for a good one.
    rmSync(path, { recursive: true, force: true });
    throw err;
  }
  const removed = pruneBackups(opts.dir, database, opts.retention);
  const tables = Object.values(manifest.fingerprint);
  return { path, tables: tables.length, rows: tables.reduce((n, t) => n + t.rows, 0), removed };
}

async function writeBackup(path: string, database: string, opts: BackupOptions): Promise<BackupManifest> {
  const source = pgConnection(opts.sourceUrl);
  const client = new Client({ connectionString: opts.sourceUrl, application_name: 'slotline-backup' });
  await client.connect();
  let manifest: BackupManifest;
  try {
    // pg_dump reads the snapshot this transaction exported, so the fingerprint matches the dump exactly
    // even while the apps keep writing.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id;
    const fingerprint = await fingerprintDatabase(client);
    await runTool(
      'pg_dump',
      ['--format=custom', `--snapshot=${snapshot}`, `--file=${join(path, DUMP_FILE)}`, source.dbname],
      source.env,
    );
    const serverVersion = (await client.query<{ v: string }>('SHOW server_version')).rows[0].v;
    await client.query('COMMIT');
    manifest = {
      format: 1,
      database,
      created_at: (opts.now ?? new Date()).toISOString(),
      server_version: serverVersion,
      pg_dump_version: (await runTool('pg_dump', ['--version'])).trim(),
      fingerprint,
    };
  } finally {
    await client.end();
  }
  const roles = await runTool('pg_dumpall', ['--roles-only', source.dbname], source.env);
  writeFileSync(join(path, ROLES_FILE), roles, { mode: 0o600 });
  chmodSync(join(path, DUMP_FILE), 0o600);
  writeFileSync(join(path, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await writeChecksums(path);
  return manifest;
}

/** Deletes all but the `keep` newest backups of `database` (names sort by time); returns the removed. */
export function pruneBackups(dir: string, database: string, keep: number): string[] {
  const pattern = new RegExp(`^${database.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{8}T\\d{6}Z$`);
  const ours = readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort();
  const removed = ours.slice(0, Math.max(0, ours.length - keep));
  for (const name of removed) rmSync(join(dir, name), { recursive: true, force: true });
  return removed.map((name) => join(dir, name));
}

if (require.main === module) {
  const config = loadConfig(BackupConfig);
  runBackup({
    sourceUrl: config.BACKUP_DATABASE_URL,
    dir: config.BACKUP_DIR,
    retention: config.BACKUP_RETENTION,
  }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (err: unknown) => {
      process.stderr.write(`[backup] failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
