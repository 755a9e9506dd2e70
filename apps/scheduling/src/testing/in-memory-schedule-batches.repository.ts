import type { ConflictPolicyName } from '@slotline/contracts';
import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type {
  NewScheduleItem,
  ProgressCounts,
  ScheduleBatchRecord,
  ScheduleItemRecord,
} from '../batches/schedule-batch.record';
import type { ScheduleBatchesRepository } from '../batches/schedule-batches.repository';

type BatchesPort = Pick<ScheduleBatchesRepository, 'insert' | 'findById' | 'countByStatus'>;

/** `ScheduleBatchesRepository` over memory: the batch and item rows as the SQL inserts them. */
export class InMemoryScheduleBatchesRepository implements BatchesPort {
  readonly batches: InMemoryTable<ScheduleBatchRecord>;
  readonly items: InMemoryTable<ScheduleItemRecord & { id: string }>;

  constructor(private readonly tx: InMemoryTransactions) {
    this.batches = tx.enlist(new InMemoryTable<ScheduleBatchRecord>());
    this.items = tx.enlist(new InMemoryTable<ScheduleItemRecord & { id: string }>());
  }

  async insert(
    db: unknown,
    batch: { id: string; conflictPolicy: ConflictPolicyName; requestedBy: string; requestId: string | null },
    items: readonly NewScheduleItem[],
  ): Promise<void> {
    this.tx.assertInside(db);
    const now = new Date();
    this.batches.insert({
      ...batch,
      status: 'pending',
      stoppedAtPosition: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    });
    for (const item of items)
      this.items.insert({
        ...item,
        id: `${batch.id}:${item.position}`,
        batchId: batch.id,
        status: 'pending',
        bookedStart: null,
        bookedEnd: null,
        bookingId: null,
        errorCode: null,
        errorMessage: null,
        attempts: 0,
      });
  }

  async findById(id: string): Promise<ScheduleBatchRecord | null> {
    return this.batches.get(id);
  }

  async countByStatus(batchId: string): Promise<ProgressCounts> {
    const counts: ProgressCounts = { pending: 0, booked: 0, skipped: 0, failed: 0, not_attempted: 0 };
    for (const item of this.items.all((i) => i.batchId === batchId)) counts[item.status]++;
    return counts;
  }

  itemsOf(batchId: string): ScheduleItemRecord[] {
    return this.items
      .all((i) => i.batchId === batchId)
      .map(({ id: _id, ...item }) => item)
      .sort((a, b) => a.position - b.position);
  }
}
