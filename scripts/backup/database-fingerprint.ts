import type { Client } from 'pg';

/** Row count and content checksum of one table, as `schema.table`. */
export interface TableFingerprint {
  rows: number;
  /** Order-independent: the sum of each row's md5 (first 60 bits), so memory stays flat on big tables. */
  checksum: string;
  constraints: number;
}

export type DatabaseFingerprint = Record<string, TableFingerprint>;

const USER_TABLES = `
  SELECT n.nspname AS schema, c.relname AS name,
         (SELECT count(*)::int FROM pg_constraint k WHERE k.conrelid = c.oid) AS constraints
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p')
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
   ORDER BY 1, 2`;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Row counts and per-table checksums of every user table, read in the caller's transaction (a backup
 * takes them in the snapshot it hands to pg_dump, so they describe exactly what the dump holds).
 * Values are rendered as text in UTC with ISO dates, so two servers with other defaults still agree.
 */
export async function fingerprintDatabase(client: Client): Promise<DatabaseFingerprint> {
  await client.query("SET LOCAL TimeZone = 'UTC'");
  await client.query("SET LOCAL DateStyle = 'ISO, YMD'");
  await client.query("SET LOCAL IntervalStyle = 'postgres'");
  await client.query('SET LOCAL extra_float_digits = 3');
  const tables = (await client.query<{ schema: string; name: string; constraints: number }>(USER_TABLES))
    .rows;
  const fingerprint: DatabaseFingerprint = {};
  for (const { schema, name, constraints } of tables) {
    const { rows } = await client.query<{ rows: string; checksum: string }>(
      `SELECT count(*)::text AS rows,
              coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint::numeric), 0)::text AS checksum
         FROM ${ident(schema)}.${ident(name)} t`,
    );
    fingerprint[`${schema}.${name}`] = {
      rows: Number(rows[0].rows),
      checksum: rows[0].checksum,
      constraints,
    };
  }
  return fingerprint;
}

/** Every difference between the source's fingerprint and the restored one, in words; empty when equal. */
export function compareFingerprints(source: DatabaseFingerprint, restored: DatabaseFingerprint): string[] {
  const problems: string[] = [];
  for (const table of new Set([...Object.keys(source), ...Object.keys(restored)])) {
    const a = source[table];
    const b = restored[table];
    if (!a) problems.push(`${table}: not in the source`);
    else if (!b) problems.push(`${table}: missing after restore`);
    else {
      if (a.rows !== b.rows) problems.push(`${table}: ${a.rows} rows in the source, ${b.rows} restored`);
      else if (a.checksum !== b.checksum) problems.push(`${table}: same row count, different content`);
      if (a.constraints !== b.constraints)
        problems.push(`${table}: ${a.constraints} constraints in the source, ${b.constraints} restored`);
    }
  }
  return problems;
}

/** Constraints created NOT VALID (or left unvalidated): a restore must leave none. */
export async function unvalidatedConstraints(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname || '.' || k.conname AS name
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT k.convalidated ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}
