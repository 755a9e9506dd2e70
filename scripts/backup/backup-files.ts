import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseFingerprint } from './database-fingerprint';

/** What a backup directory holds besides the dump: enough to restore and to prove the restore. */
export interface BackupManifest {
  format: 1;
  database: string;
  created_at: string;
  server_version: string;
  pg_dump_version: string;
  fingerprint: DatabaseFingerprint;
}

export const DUMP_FILE = 'database.dump';
export const ROLES_FILE = 'roles.sql';
export const MANIFEST_FILE = 'manifest.json';
export const CHECKSUM_FILE = 'SHA256SUMS';
export const BACKUP_FILES = [DUMP_FILE, ROLES_FILE, MANIFEST_FILE] as const;

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes SHA256SUMS in `sha256sum` format, so `sha256sum -c SHA256SUMS` checks a copy by hand too. */
export async function writeChecksums(dir: string): Promise<void> {
  const lines = await Promise.all(BACKUP_FILES.map(async (f) => `${await sha256(join(dir, f))}  ${f}\n`));
  writeFileSync(join(dir, CHECKSUM_FILE), lines.join(''), { mode: 0o600 });
}

/** The files whose checksum differs from SHA256SUMS (or that are missing); empty when the copy is intact. */
export async function checksumMismatches(dir: string): Promise<string[]> {
  const expected = readFileSync(join(dir, CHECKSUM_FILE), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(/\s+\*?/) as [string, string]);
  const listed = new Set(expected.map(([, file]) => file));
  const problems = BACKUP_FILES.filter((f) => !listed.has(f)).map((f) => `${f}: not in ${CHECKSUM_FILE}`);
  for (const [digest, file] of expected) {
    const actual = await sha256(join(dir, file)).catch(() => 'missing');
    if (actual !== digest)
      problems.push(`${file}: checksum ${actual === 'missing' ? 'file missing' : 'mismatch'}`);
  }
  return problems;
}

export function readManifest(dir: string): BackupManifest {
  return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as BackupManifest;
}

/** Runs a PostgreSQL client tool; rejects with its stderr when it exits non-zero. */
export function runTool(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}: ${stderr.trim()}`)),
    );
  });
}

/** The database named in a connection URL. */
export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(database)}`;
  return next.toString();
}

/**
 * How to hand a URL to pg_dump / pg_restore / psql without putting its password on the command line
 * (where `ps` shows it to every user of the machine): the URL without it, and PGPASSWORD in the env.
 */
export function pgConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    dbname: `--dbname=${parsed.toString()}`,
    env: password ? { ...process.env, PGPASSWORD: password } : process.env,
  };
}
