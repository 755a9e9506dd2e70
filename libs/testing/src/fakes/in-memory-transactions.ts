import { AppError } from '@slotline/errors';
import type { Transaction, TransactionRunner } from '@slotline/persistence';

/** A fake store that can take part in a transaction: `snapshot` returns what puts it back. */
export interface TransactionParticipant {
  snapshot(): () => void;
}

/** The connection handed to work: fakes see whether they were called inside the live transaction. */
interface FakeManager {
  inTransaction: boolean;
}

/**
 * Stands in for `TransactionRunner`: runs the work once, and when it throws puts every enlisted store
 * back as it was, so a spec sees what a rollback leaves (nothing half-written, no orphan event).
 */
export class InMemoryTransactions {
  private readonly participants: TransactionParticipant[] = [];
  private live: FakeManager | null = null;
  committed = 0;
  rolledBack = 0;

  enlist<T extends TransactionParticipant>(participant: T): T {
    this.participants.push(participant);
    return participant;
  }

  /** The runner to hand to the service under test. */
  get runner(): TransactionRunner {
    return { run: (work: (m: Transaction) => Promise<unknown>) => this.run(work) } as TransactionRunner;
  }

  /** Throws unless `manager` is the transaction in progress: a write outside it could commit alone. */
  assertInside(manager: unknown): void {
    if (!this.live || manager !== this.live)
      throw new AppError('SYS_INTERNAL', 'A write ran outside the transaction of its state change');
  }

  private async run<T>(work: (m: Transaction) => Promise<T>): Promise<T> {
    if (this.live) throw new AppError('SYS_INTERNAL', 'Nested transactions are not used by the services');
    const restores = this.participants.map((p) => p.snapshot());
    const manager: FakeManager = { inTransaction: true };
    this.live = manager;
    try {
      const result = await work(manager as unknown as Transaction);
      this.committed++;
      return result;
    } catch (err) {
      for (const restore of restores) restore();
      this.rolledBack++;
      throw err;
    } finally {
      manager.inTransaction = false;
      this.live = null;
    }
  }
}
