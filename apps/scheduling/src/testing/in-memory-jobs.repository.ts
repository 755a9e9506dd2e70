import type { JobStatusName } from '@slotline/contracts';
import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { Viewer } from '../common/viewer';
import type { JobRecord, NewJob } from '../jobs/job.record';
import type { JobsRepository } from '../jobs/jobs.repository';
import { aJobRecord } from './scheduling-records.factory';

type JobsPort = Pick<
  JobsRepository,
  'insert' | 'findById' | 'findVisible' | 'listVisible' | 'lock' | 'setStatus'
>;

/** `JobsRepository` over memory, with the same visibility rule as its SQL (`VISIBLE`). */
export class InMemoryJobsRepository implements JobsPort {
  readonly rows: InMemoryTable<JobRecord>;
  /** Providers who hold or held an assignment of a job (the repository reads it from assignments). */
  readonly assignedProviders = new Map<string, string[]>();

  constructor(
    private readonly tx: InMemoryTransactions,
    jobs: JobRecord[] = [],
  ) {
    this.rows = tx.enlist(new InMemoryTable(jobs));
  }

  async insert(db: unknown, job: NewJob): Promise<JobRecord> {
    this.tx.assertInside(db);
    return this.rows.insert(aJobRecord(job));
  }

  async findById(id: string): Promise<JobRecord | null> {
    return this.rows.get(id);
  }

  async findVisible(id: string, viewer: Viewer): Promise<JobRecord | null> {
    const job = this.rows.get(id);
    return job && this.visible(job, viewer) ? job : null;
  }

  async listVisible(
    viewer: Viewer,
    opts: { status?: JobStatusName; afterId?: string; limit: number },
  ): Promise<JobRecord[]> {
    return this.rows
      .all((j) => this.visible(j, viewer) && (!opts.status || j.status === opts.status))
      .sort((a, b) => b.id.localeCompare(a.id))
      .filter((j) => !opts.afterId || j.id < opts.afterId)
      .slice(0, opts.limit + 1);
  }

  async lock(db: unknown, id: string): Promise<JobRecord | null> {
    this.tx.assertInside(db);
    return this.rows.get(id);
  }

  async setStatus(
    db: unknown,
    id: string,
    status: JobStatusName,
    extra: { cancelReason?: string | null } = {},
  ): Promise<void> {
    this.tx.assertInside(db);
    const now = new Date();
    this.rows.update(id, {
      status,
      updatedAt: now,
      ...(status === 'cancelled' && { cancelledAt: now, cancelReason: extra.cancelReason ?? null }),
      ...(status === 'completed' && { completedAt: now }),
    });
  }

  private visible(job: JobRecord, viewer: Viewer): boolean {
    if (viewer.scope === 'admin') return true;
    if (viewer.scope === 'customer') return job.customerId === viewer.userId;
    return job.status === 'open' || (this.assignedProviders.get(job.id) ?? []).includes(viewer.userId);
  }
}
