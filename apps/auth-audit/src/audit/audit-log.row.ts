import { AuditLogRecord, AuditOutcome } from '@slotline/contracts';
import { AuditChainFields } from './audit-hash';

/** A row of `audit_log` as the pg driver returns it (bigint as string, timestamptz as Date). */
export interface AuditLogRow {
  id: string;
  seq: string;
  occurred_at: Date;
  recorded_at: Date;
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
  hash: string;
}

export const AUDIT_LOG_COLUMNS = [
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
  'hash',
] as const;

/** The fields the hash covers, in the exact form they had when the hash was computed. */
export function chainFieldsOf(row: AuditLogRow): AuditChainFields {
  return {
    id: row.id,
    seq: String(row.seq),
    occurred_at: new Date(row.occurred_at).toISOString(),
    recorded_at: new Date(row.recorded_at).toISOString(),
    actor_id: row.actor_id,
    actor_role: row.actor_role,
    action: row.action,
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    outcome: row.outcome,
    ip: row.ip,
    user_agent: row.user_agent,
    trace_id: row.trace_id,
    request_id: row.request_id,
    metadata: row.metadata,
    source_event_id: row.source_event_id,
    prev_hash: row.prev_hash,
  };
}

export function toAuditLogRecord(row: AuditLogRow): AuditLogRecord {
  return {
    id: row.id,
    seq: Number(row.seq),
    occurred_at: new Date(row.occurred_at).toISOString(),
    recorded_at: new Date(row.recorded_at).toISOString(),
    actor_id: row.actor_id,
    actor_role: row.actor_role,
    action: row.action,
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    outcome: row.outcome,
    ip: row.ip,
    user_agent: row.user_agent,
    trace_id: row.trace_id,
    request_id: row.request_id,
    metadata: row.metadata,
    source_event_id: row.source_event_id,
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}
