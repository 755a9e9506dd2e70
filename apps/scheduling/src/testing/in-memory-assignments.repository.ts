import type { AssignmentStatusName } from '@slotline/contracts';
import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { AssignmentChanges, AssignmentRecord } from '../assignments/assignment.record';
import type { AssignmentsRepository } from '../assignments/assignments.repository';
import type { Viewer } from '../common/viewer';
import type { JobRecord } from '../jobs/job.record';
import type { InMemoryJobsRepository } from './in-memory-jobs.repository';
import { anAssignmentRecord } from './scheduling-records.factory';

type AssignmentsPort = Pick<
  AssignmentsRepository,
  | 'insert'
  | 'findById'
  | 'lockWithJob'
  | 'lock'
  | 'lockLiveOfJob'
  | 'hasRejected'
  | 'findVisible'
  | 'listVisible'
  | 'update'
>;

const LIVE: readonly AssignmentStatusName[] = ['awaiting_schedule', 'scheduled'];

/** `AssignmentsRepository` over memory, with the same visibility rule as its SQL (`VISIBLE`). */
export class InMemoryAssignmentsRepository implements AssignmentsPort {
  readonly rows: InMemoryTable<AssignmentRecord>;

  /** `jobs` gives a new assignment its job's duration, as the repository's join does. */
  constructor(
    private readonly tx: InMemoryTransactions,
    private readonly jobs?: InMemoryJobsRepository,
  ) {
    this.rows = tx.enlist(new InMemoryTable<AssignmentRecord>());
  }

  async insert(
    db: unknown,
    a: { id: string; jobId: string; practitionerId: string; providerUserId: string; customerId: string },
  ): Promise<AssignmentRecord> {
    this.tx.assertInside(db);
    const durationMinutes = this.jobs?.rows.get(a.jobId)?.durationMinutes ?? 60;
    return this.rows.insert(anAssignmentRecord({ ...a, durationMinutes }));
  }

  async findById(id: string): Promise<AssignmentRecord | null> {
    return this.rows.get(id);
  }

  async lockWithJob(
    db: unknown,
    id: string,
  ): Promise<{ assignment: AssignmentRecord; job: JobRecord } | null> {
    this.tx.assertInside(db);
    const assignment = this.rows.get(id);
    const job = assignment && (await this.jobs?.lock(db, assignment.jobId));
    return assignment && job ? { assignment, job } : null;
  }

  async lock(db: unknown, id: string): Promise<AssignmentRecord | null> {
    this.tx.assertInside(db);
    return this.rows.get(id);
  }

  async lockLiveOfJob(db: unknown, jobId: string): Promise<AssignmentRecord | null> {
    this.tx.assertInside(db);
    return this.rows.all((a) => a.jobId === jobId && LIVE.includes(a.status))[0] ?? null;
  }

  async hasRejected(db: unknown, jobId: string, providerUserId: string): Promise<boolean> {
    this.tx.assertInside(db);
    return (
      this.rows.all(
        (a) => a.jobId === jobId && a.providerUserId === providerUserId && a.status === 'rejected',
      ).length > 0
    );
  }

  async findVisible(id: string, viewer: Viewer): Promise<AssignmentRecord | null> {
    const a = this.rows.get(id);
    return a && visible(a, viewer) ? a : null;
  }

  async listVisible(
    viewer: Viewer,
    opts: { status?: AssignmentStatusName; jobId?: string; afterId?: string; limit: number },
  ): Promise<AssignmentRecord[]> {
    return this.rows
      .all(
        (a) =>
          visible(a, viewer) &&
          (!opts.status || a.status === opts.status) &&
          (!opts.jobId || a.jobId === opts.jobId),
      )
      .sort((a, b) => b.id.localeCompare(a.id))
      .filter((a) => !opts.afterId || a.id < opts.afterId)
      .slice(0, opts.limit + 1);
  }

  async update(db: unknown, id: string, changes: AssignmentChanges): Promise<AssignmentRecord> {
    this.tx.assertInside(db);
    return this.rows.update(id, { ...changes, updatedAt: new Date() });
  }
}

function visible(a: AssignmentRecord, viewer: Viewer): boolean {
  if (viewer.scope === 'admin') return true;
  if (viewer.scope === 'customer') return a.customerId === viewer.userId;
  return a.providerUserId === viewer.userId;
}
