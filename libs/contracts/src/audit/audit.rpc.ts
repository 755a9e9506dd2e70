import type { Page } from '../pagination/page';
import { defineRpc } from '../rpc/define-rpc';
import { AuditLogRecord, AuditVerifyResult, ListAuditLogsQuery } from './audit.payloads';

/** Queries answered by auth-audit's audit log (NATS request/reply). */
export const AUDIT_RPC = {
  list: defineRpc<ListAuditLogsQuery, Page<AuditLogRecord>>('audit.list', {
    request: ListAuditLogsQuery,
    errors: ['VAL_CURSOR'],
  }),
  verify: defineRpc<Record<string, never>, AuditVerifyResult>('audit.verify'),
} as const;
