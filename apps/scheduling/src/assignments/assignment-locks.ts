import { Actor, ProposerSide } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { isAdmin, notFound } from '../common/call-context';
import { Queryable } from '@slotline/persistence';
import { JobRecord } from '../jobs/job.record';
import { JobsRepository } from '../jobs/jobs.repository';
import { AssignmentRecord } from './assignment.record';
import { requireSide } from './assignment-access';
import { AssignmentsRepository } from './assignments.repository';

export interface LockedAssignment {
  job: JobRecord;
  assignment: AssignmentRecord;
  side: ProposerSide;
}

/**
 * Every change to an assignment locks its job row and then the assignment row, always in that order,
 * so accept / propose / confirm / reject / cancel on one job serialise instead of interleaving.
 */
export class AssignmentLocks {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly assignments: AssignmentsRepository,
  ) {}

  /** Both rows in one statement, job first (AssignmentsRepository.lockWithJob). */
  async byAssignment(m: Queryable, assignmentId: string, actor: Actor): Promise<LockedAssignment> {
    const locked = await this.assignments.lockWithJob(m, assignmentId);
    const { assignment, side } = requireSide(actor, locked?.assignment ?? null);
    return { job: locked!.job, assignment, side };
  }

  /** The job's live assignment; a job's own customer (or an admin) learns when there is none yet. */
  async byJob(m: Queryable, jobId: string, actor: Actor): Promise<LockedAssignment> {
    const job = await this.jobs.lock(m, jobId);
    if (!job) throw notFound('job');
    const live = await this.assignments.lockLiveOfJob(m, jobId);
    const owner = isAdmin(actor) || (actor.role === 'customer' && job.customerId === actor.user_id);
    if (!live) {
      if (!owner) throw notFound('job');
      throw new AppError('BR_RULE_VIOLATED', `No provider holds this job (it is ${job.status}).`, undefined, {
        job_status: job.status,
      });
    }
    const { assignment, side } = requireSide(actor, live);
    return { job, assignment, side };
  }
}
