import { CallMeta, SCHEDULING_EVENTS } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { Queryable, uuidv7 } from '@slotline/persistence';
import { assertJobOpen, assignJob } from '../../../domain';
import { eventFrom, notFound } from '../../../common/call-context';
import { domainSync } from '../../../common/domain-error.mapper';
import { JobRecord } from '../../../jobs/job.record';
import { JobsRepository } from '../../../jobs/jobs.repository';
import { ResourcesRepository } from '../../../resources/resources.repository';
import { assignmentEvent } from '../../assignment-events';
import { AssignmentRecord } from '../../assignment.record';
import { AssignmentsRepository } from '../../assignments.repository';

export interface AssignJobDeps {
  jobs: JobsRepository;
  assignments: AssignmentsRepository;
  resources: ResourcesRepository;
  outbox: OutboxWriter;
}

export const NO_ACTIVE_PRACTITIONER = () =>
  new AppError('BR_RULE_VIOLATED', 'Accepting jobs needs an active practitioner profile for this account.');

/**
 * An open job goes to a practitioner, inside the caller's transaction: a provider accepting it
 * (SCH-2) or an admin's bulk scheduling (SCH-8). Concurrent attempts serialise on the job row: one
 * wins, the rest get 409.
 */
export class AssignJob {
  constructor(private readonly d: AssignJobDeps) {}

  async assign(
    m: Queryable,
    jobId: string,
    practitionerId: string,
    meta: CallMeta,
  ): Promise<{ job: JobRecord; assignment: AssignmentRecord }> {
    const job = await this.d.jobs.lock(m, jobId);
    if (!job) throw notFound('job');
    domainSync(() => assertJobOpen(job));
    // Under a share lock: a deactivation committing meanwhile must not get the job (one in flight is
    // waited for, then seen).
    const [practitioner] = await this.d.resources.lockSharedByIds(m, [practitionerId]);
    if (!practitioner?.active || practitioner.kind !== 'practitioner' || !practitioner.userId)
      throw NO_ACTIVE_PRACTITIONER();
    const rejectedBefore = await this.d.assignments.hasRejected(m, job.id, practitioner.userId);
    const t = domainSync(() => assignJob(job, { rejectedBefore }));
    const assignment = await this.d.assignments.insert(m, {
      id: uuidv7(),
      jobId: job.id,
      practitionerId: practitioner.id,
      providerUserId: practitioner.userId,
      customerId: job.customerId,
    });
    await this.d.jobs.setStatus(m, job.id, t.jobStatus);
    await this.d.outbox.enqueue(
      m,
      eventFrom(meta, SCHEDULING_EVENTS.assignmentAccepted, assignmentEvent(meta, assignment, job)),
    );
    return { job: { ...job, status: t.jobStatus, liveAssignmentId: assignment.id }, assignment };
  }
}
