import { AuditOutcome } from '@slotline/contracts';
import { createHash } from 'node:crypto';

/** The `prev_hash` of the first row of a log that has never been purged. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every stored field of a row except its own hash, in the form the hash covers. */
export interface AuditChainFields {
  id: string;
  /** A decimal string: bigint in the database, exact at any size. */
  seq: string;
  /** ISO 8601 in UTC with milliseconds (`Date#toISOString`). */
  occurred_at: string;
  recorded_at: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  user_agent: string | null;
  trace_id: string | null;
  request_id: string | null;
  metadata: Record<string, unknown>;
  source_event_id: string | null;
  prev_hash: string;
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
  const covered: AuditChainFields = {
    id: fields.id,
    seq: fields.seq,
    occurred_at: fields.occurred_at,
    recorded_at: fields.recorded_at,
    actor_id: fields.actor_id,
    actor_role: fields.actor_role,
    action: fields.action,
    resource_type: fields.resource_type,
    resource_id: fields.resource_id,
    outcome: fields.outcome,
    ip: fields.ip,
    user_agent: fields.user_agent,
    trace_id: fields.trace_id,
    request_id: fields.request_id,
    metadata: fields.metadata,
    source_event_id: fields.source_event_id,
    prev_hash: fields.prev_hash,
  };
  return createHash('sha256').update(canonicalJson(covered), 'utf8').digest('hex');
}
