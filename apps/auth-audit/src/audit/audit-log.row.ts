import { AuditEntry, AuditLogRecord } from '@slotline/contracts';
import { AUDIT_CHAIN_FIELDS, AuditChainFields, coveredFields } from './audit-hash';

/** A row of `audit_log` as the pg driver returns it (bigint as string, timestamptz as Date). */
export interface AuditLogRow extends AuditEntry {
  id: string;
  seq: string;
  occurred_at: Date;
  recorded_at: Date;
  prev_hash: string;
  hash: string;
}

export const AUDIT_LOG_COLUMNS = [...AUDIT_CHAIN_FIELDS, 'hash'] as const;

/** The fields the hash covers, in the exact form they had when the hash was computed. */
export function chainFieldsOf(row: AuditLogRow): AuditChainFields {
  return coveredFields({
    ...row,
    seq: String(row.seq),
    occurred_at: new Date(row.occurred_at).toISOString(),
    recorded_at: new Date(row.recorded_at).toISOString(),
  });
}

export function toAuditLogRecord(row: AuditLogRow): AuditLogRecord {
  return { ...chainFieldsOf(row), seq: Number(row.seq), hash: row.hash };
}
