import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../pagination/page-query.dto';
import { AUDIT_OUTCOMES, AuditOutcome } from './audit.subjects';

/** `GET /v1/admin/audit-logs` filters; newest first by `occurred_at`. */
export class ListAuditLogsQuery extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  actor_id?: string;

  /** Exact action (`auth.session.login_succeeded`), or a prefix ending in `.*` (`auth.session.*`). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$/, {
    message: 'action must be dotted lower-case words, optionally ending in .*',
  })
  action?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  resource_type?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  resource_id?: string;

  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  /** Inclusive lower bound on `occurred_at` (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Exclusive upper bound on `occurred_at` (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/**
 * What an audit record says happened, as drafted from an event (redacted before it is stored): the
 * fields the draft, the stored row, the hash and the API share as they are.
 */
export interface AuditEntry {
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
  /** The domain event this record was made from; unique, so an event is recorded at most once. */
  source_event_id: string | null;
}

/** One row of the audit log as the API shows it (PII already redacted when it was written). */
export interface AuditLogRecord extends AuditEntry {
  id: string;
  seq: number;
  occurred_at: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/** What the hash-chain verification found; `first_broken` is the earliest row that does not check out. */
export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  first_broken?: { id: string; seq: number };
}
