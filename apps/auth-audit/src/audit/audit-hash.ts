import { AuditEntry } from '@slotline/contracts';
import { createHash } from 'node:crypto';

/** The `prev_hash` of the first row of a log that has never been purged. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every stored field of a row except its own hash, in the form the hash covers. */
export interface AuditChainFields extends AuditEntry {
  id: string;
  /** A decimal string: bigint in the database, exact at any size. */
  seq: string;
  /** ISO 8601 in UTC with milliseconds (`Date#toISOString`). */
  occurred_at: string;
  recorded_at: string;
  prev_hash: string;
}

/** The names of the covered fields, in the order of the table's columns. */
export const AUDIT_CHAIN_FIELDS = [
  'id',
  'seq',
  'occurred_at',
  'recorded_at',
  'actor_id',
  'actor_role',
  'action',
  'resource_type',
  'resource_id',
  'outcome',
  'ip',
  'user_agent',
  'trace_id',
  'request_id',
  'metadata',
  'source_event_id',
  'prev_hash',
] as const;

/** Exactly the covered fields of `source`: a row's own hash, or anything else it carries, stays out. */
export function coveredFields(source: AuditChainFields): AuditChainFields {
  const covered = Object.fromEntries(AUDIT_CHAIN_FIELDS.map((name) => [name, source[name]]));
  // Typed by the listed names, so a field missing from AUDIT_CHAIN_FIELDS fails to compile here.
  return covered as Pick<AuditChainFields, (typeof AUDIT_CHAIN_FIELDS)[number]>;
}

/**
 * JSON with object keys sorted at every depth and no whitespace, so the same row always serialises
 * to the same bytes, whatever order jsonb hands its keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** sha256 (hex) over the canonical JSON of the row's fields, `prev_hash` included: the chain link. */
export function auditHash(fields: AuditChainFields): string {
  return createHash('sha256')
    .update(canonicalJson(coveredFields(fields)), 'utf8')
    .digest('hex');
}
