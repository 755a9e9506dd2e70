import type { PayoutStatusName } from '@slotline/contracts';
import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { NewPayout, PayoutRecord } from '../payouts/payout.record';
import type { PayoutFilter, PayoutsRepository, PayoutTransition } from '../payouts/payouts.repository';
import { aPayoutRecord } from './payout-records.factory';

type PayoutsPort = Pick<
  PayoutsRepository,
  | 'insertOnce'
  | 'findById'
  | 'lock'
  | 'findOldestFirst'
  | 'findNewestFirstOf'
  | 'transition'
  | 'pendingBacklog'
>;

/** `PayoutsRepository` over memory: one payout per assignment, transitions as its UPDATE writes them. */
export class InMemoryPayoutsRepository implements PayoutsPort {
  readonly rows: InMemoryTable<PayoutRecord>;

  constructor(
    private readonly tx: InMemoryTransactions,
    payouts: PayoutRecord[] = [],
  ) {
    this.rows = tx.enlist(new InMemoryTable(payouts));
  }

  async insertOnce(db: unknown, p: NewPayout): Promise<PayoutRecord | null> {
    this.tx.assertInside(db);
    if (this.rows.all((r) => r.assignmentId === p.assignmentId).length) return null;
    return this.rows.insert(aPayoutRecord(p));
  }

  async findById(id: string): Promise<PayoutRecord | null> {
    return this.rows.get(id);
  }

  async lock(db: unknown, id: string): Promise<PayoutRecord | null> {
    this.tx.assertInside(db);
    return this.rows.get(id);
  }

  async findOldestFirst(f: PayoutFilter): Promise<PayoutRecord[]> {
    return this.rows
      .all(
        (p) =>
          (!f.status || p.status === f.status) &&
          (!f.providerUserId || p.providerUserId === f.providerUserId) &&
          (!f.from || p.createdAt >= f.from) &&
          (!f.to || p.createdAt < f.to) &&
          (!f.afterId || p.id > f.afterId),
      )
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, f.limit + 1);
  }

  async findNewestFirstOf(
    providerUserId: string,
    f: { status?: PayoutStatusName; afterId?: string; limit: number },
  ): Promise<PayoutRecord[]> {
    return this.rows
      .all((p) => p.providerUserId === providerUserId && (!f.status || p.status === f.status))
      .sort((a, b) => b.id.localeCompare(a.id))
      .filter((p) => !f.afterId || p.id < f.afterId)
      .slice(0, f.limit + 1);
  }

  async transition(db: unknown, id: string, t: PayoutTransition): Promise<PayoutRecord> {
    this.tx.assertInside(db);
    const now = new Date();
    const current = this.rows.get(id)!;
    return this.rows.update(id, {
      status: t.status,
      reason: t.reason ?? current.reason,
      reference: t.reference ?? current.reference,
      decidedBy: t.decidedBy ?? current.decidedBy,
      decidedRole: t.decidedRole ?? current.decidedRole,
      decidedAt: t.decidedBy ? now : current.decidedAt,
      nextCaptureAt: t.queueCapture ? now : null,
      captureMethod: t.captureMethod ?? current.captureMethod,
      capturedAt: t.status === 'captured' ? now : current.capturedAt,
      updatedAt: now,
    });
  }

  async pendingBacklog(): Promise<{ count: number; oldest: Date | null }> {
    const pending = this.rows.all((p) => p.status === 'pending');
    const oldest = pending.reduce<Date | null>((o, p) => (!o || p.createdAt < o ? p.createdAt : o), null);
    return { count: pending.length, oldest };
  }
}
