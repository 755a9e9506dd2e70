import { AuditVerifyResult } from '@slotline/contracts';
import type { TransactionRunner } from '@slotline/persistence';
import { GENESIS_HASH, auditHash } from './audit-hash';
import { AuditLogRow, chainFieldsOf } from './audit-log.row';
import { AuditLogRepository, ChainAnchor } from './audit-log.repository';

/**
 * Follows the chain one row at a time: each row must carry the next seq, the previous row's hash as
 * prev_hash, and a hash that matches its own fields. An edited row fails the third test, a deleted
 * one the first, a re-hashed edit the second test on the row after it.
 */
export class ChainWalker {
  private expectedSeq: bigint;
  private prevHash: string;
  checked = 0;

  constructor(start: ChainAnchor | null) {
    this.expectedSeq = start ? BigInt(start.seq) + 1n : 1n;
    this.prevHash = start?.hash ?? GENESIS_HASH;
  }

  /** Checks the next row; false means this row is the first broken link. */
  accept(row: AuditLogRow): boolean {
    this.checked++;
    const intact =
      BigInt(row.seq) === this.expectedSeq &&
      row.prev_hash === this.prevHash &&
      auditHash(chainFieldsOf(row)) === row.hash;
    if (!intact) return false;
    this.expectedSeq++;
    this.prevHash = row.hash;
    return true;
  }
}

/** Verifies the whole retained chain, from the last purge checkpoint (or the genesis) to the newest row. */
export async function verifyAuditChain(
  tx: TransactionRunner,
  repo: AuditLogRepository,
  batchSize = 1000,
): Promise<AuditVerifyResult> {
  // One snapshot: rows appended or purged meanwhile must not look like gaps.
  return tx.run(
    async (manager) => {
      const walker = new ChainWalker(await repo.latestCheckpoint(manager));
      let after: string | null = null;
      for (;;) {
        const rows = await repo.chainAfter(manager, after, batchSize);
        for (const row of rows) {
          if (!walker.accept(row))
            return { ok: false, checked: walker.checked, first_broken: { id: row.id, seq: Number(row.seq) } };
        }
        if (rows.length < batchSize) return { ok: true, checked: walker.checked };
        after = String(rows[rows.length - 1].seq);
      }
    },
    { isolation: 'REPEATABLE READ' },
  );
}
