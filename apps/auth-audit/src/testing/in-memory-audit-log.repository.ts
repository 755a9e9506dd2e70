import { uuidv7 } from '@slotline/persistence';
import type { AuditDraft } from '../audit/audit-draft';
import type { AuditLogRow } from '../audit/audit-log.row';
import type { AuditLogPosition, AuditLogRepository, PurgeOutcome } from '../audit/audit-log.repository';

type AuditLogPort = Pick<AuditLogRepository, 'append' | 'list' | 'tryPurgeLock' | 'purgeOlderThan'>;

/** The audit log over memory: rows in seq order (no hashing; the chain has specs of its own). */
export class InMemoryAuditLogRepository implements AuditLogPort {
  readonly rows: AuditLogRow[] = [];
  /** False: another replica holds the purge lock. */
  purgeLockFree = true;
  /** What the purge function would delete, or null when nothing is old enough. */
  expired: PurgeOutcome | null = null;

  async append(_m: unknown, draft: AuditDraft, recordedAt: Date): Promise<AuditLogRow | null> {
    if (draft.source_event_id && this.rows.some((r) => r.source_event_id === draft.source_event_id))
      return null;
    const row: AuditLogRow = {
      ...draft,
      id: uuidv7(),
      seq: String(this.rows.length + 1),
      recorded_at: recordedAt,
      prev_hash: '',
      hash: `hash-${this.rows.length + 1}`,
    };
    this.rows.push(row);
    return row;
  }

  /** Newest first; only the `action` filter, which is all the specs use. */
  async list(
    _m: unknown,
    filters: { action?: string },
    after: AuditLogPosition | null,
    take: number,
  ): Promise<AuditLogRow[]> {
    return [...this.rows]
      .reverse()
      .filter((r) => !filters.action || r.action === filters.action)
      .filter((r) => !after || Number(r.seq) < Number(after.seq))
      .slice(0, take);
  }

  async tryPurgeLock(): Promise<boolean> {
    return this.purgeLockFree;
  }

  async purgeOlderThan(): Promise<PurgeOutcome | null> {
    return this.expired;
  }
}
