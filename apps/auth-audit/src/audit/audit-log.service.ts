import {
  AuditLogRecord,
  AuditVerifyResult,
  CallMeta,
  EventEnvelope,
  ListAuditLogsQuery,
  Page,
  Permission,
  decodeCursor,
  paginate,
  roleHasPermission,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { Queryable, TransactionRunner } from '@slotline/persistence';
import { verifyAuditChain } from './audit-chain.verifier';
import { AuditDraft, redactDraft } from './audit-draft';
import { auditDraftFromEvent } from './audit-event.mapper';
import { AuditLogRow, toAuditLogRecord } from './audit-log.row';
import { AuditLogPosition, AuditLogRepository, PurgeOutcome } from './audit-log.repository';

export interface AuditLogServiceDeps {
  repo: AuditLogRepository;
  /** Every query goes through it, reads too, so database errors are translated in one place. */
  tx: TransactionRunner;
  retentionDays: number;
  /** recorded_at of new rows; tests pass another clock to write rows "in the past". */
  clock?: () => Date;
}

/** The audit log (AUTH-7): records events as redacted, chained rows; lists, verifies and purges them. */
export class AuditLogService {
  private readonly clock: () => Date;

  constructor(private readonly d: AuditLogServiceDeps) {
    this.clock = d.clock ?? (() => new Date());
  }

  /** The inbox handler: runs inside the inbox transaction, so the row and the inbox mark commit together. */
  recordEvent(event: EventEnvelope, manager: Queryable): Promise<AuditLogRow | null> {
    return this.record(manager, auditDraftFromEvent(event));
  }

  /**
   * The inbox's batch handler: a backlog's events in stream order, as `recordEvent` would record them
   * one by one, in one insert (one `recorded_at` for the transaction's rows).
   */
  recordEvents(events: readonly EventEnvelope[], manager: Queryable): Promise<Array<AuditLogRow | null>> {
    const drafts = events.map((event) => redactDraft(auditDraftFromEvent(event)));
    return this.d.repo.appendAll(manager, drafts, this.clock());
  }

  /** Redaction happens here, on every path into the table. */
  record(manager: Queryable, draft: AuditDraft): Promise<AuditLogRow | null> {
    return this.d.repo.append(manager, redactDraft(draft), this.clock());
  }

  async list(query: ListAuditLogsQuery, meta: CallMeta): Promise<Page<AuditLogRecord>> {
    this.authorize(meta, 'audit:read');
    const after = query.cursor ? positionOf(query.cursor) : null;
    const rows = await this.d.tx.read((manager) =>
      this.d.repo.list(
        manager,
        {
          actor_id: query.actor_id,
          action: query.action,
          resource_type: query.resource_type,
          resource_id: query.resource_id,
          outcome: query.outcome,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
        },
        after,
        query.limit + 1,
      ),
    );
    return paginate(rows.map(toAuditLogRecord), query.limit, (r) => ({
      occurred_at: r.occurred_at,
      seq: String(r.seq),
    }));
  }

  verify(meta: CallMeta): Promise<AuditVerifyResult> {
    this.authorize(meta, 'audit:verify');
    return verifyAuditChain(this.d.tx, this.d.repo);
  }

  /**
   * Deletes rows older than the retention through the privileged purge function and records the purge
   * in the chain. Returns null when another replica holds the purge lock or nothing was old enough.
   */
  purgeExpired(): Promise<PurgeOutcome | null> {
    return this.d.tx.run(async (manager) => {
      if (!(await this.d.repo.tryPurgeLock(manager))) return null;
      const outcome = await this.d.repo.purgeOlderThan(manager, this.d.retentionDays);
      if (!outcome) return null;
      await this.record(manager, {
        occurred_at: this.clock(),
        actor_id: null,
        actor_role: 'system',
        action: 'audit.log.purged',
        resource_type: 'audit_log',
        resource_id: null,
        outcome: 'success',
        ip: null,
        user_agent: null,
        trace_id: null,
        request_id: null,
        metadata: { ...outcome, retention_days: this.d.retentionDays },
        source_event_id: null,
      });
      return outcome;
    });
  }

  private authorize(meta: CallMeta, permission: Permission): void {
    if (!meta.actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in to read the audit log.');
    if (!roleHasPermission(meta.actor.role, permission))
      throw new AppError('AUTH_FORBIDDEN', 'Your role does not allow this action.');
  }
}

function positionOf(cursor: string): AuditLogPosition {
  const p = decodeCursor(cursor, ['occurred_at', 'seq']);
  const valid =
    p &&
    typeof p.occurred_at === 'string' &&
    !Number.isNaN(Date.parse(p.occurred_at)) &&
    typeof p.seq === 'string' &&
    /^\d{1,19}$/.test(p.seq);
  if (!valid) throw new AppError('VAL_CURSOR', 'The cursor is invalid.');
  return { occurred_at: p.occurred_at as string, seq: p.seq as string };
}
