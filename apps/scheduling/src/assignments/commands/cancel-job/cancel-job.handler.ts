import { CallMeta, CancelJobCommand, JobView, SCHEDULING_EVENTS } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { logEvent } from '@slotline/observability';
import { TransactionRunner } from '@slotline/persistence';
import type { Logger } from 'pino';
import { cancelJob } from '../../../domain';
import { SchedulingService } from '../../../booking/scheduling.service';
import { eventFrom, isAdmin, notFound, requireActor } from '../../../common/call-context';
import { domainSync } from '../../../common/domain-error.mapper';
import { viewerOf } from '../../../common/viewer';
import { toJobView } from '../../../jobs/job.mapper';
import { jobEvent } from '../../../jobs/jobs.service';
import { JobsRepository } from '../../../jobs/jobs.repository';
import { assignmentEvent, bookingEvent } from '../../assignment-events';
import { AssignmentsRepository } from '../../assignments.repository';

export interface CancelJobDeps {
  jobs: JobsRepository;
  assignments: AssignmentsRepository;
  scheduling: SchedulingService;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  logger: Logger;
  now?: () => Date;
}

/** The customer (or an admin) cancels a job; a live assignment is cancelled and its booking released. */
export class CancelJobHandler {
  private readonly now: () => Date;

  constructor(private readonly d: CancelJobDeps) {
    this.now = d.now ?? (() => new Date());
  }

  async execute(cmd: CancelJobCommand, meta: CallMeta): Promise<JobView> {
    const actor = requireActor(meta);
    const reason = cmd.reason ?? null;
    const { job, released, assignmentId } = await this.d.tx.run(async (m) => {
      const job = await this.d.jobs.lock(m, cmd.id);
      if (!job) throw notFound('job');
      if (!isAdmin(actor) && !(actor.role === 'customer' && job.customerId === actor.user_id)) {
        if (!(await this.d.jobs.findVisible(job.id, viewerOf(actor), m))) throw notFound('job');
        throw new AppError(
          'AUTH_FORBIDDEN',
          'Only the customer who created the job (or an admin) may cancel it.',
        );
      }
      const live = await this.d.assignments.lockLiveOfJob(m, job.id);
      const t = domainSync(() => cancelJob(job, live, { now: this.now() }));
      const released = t.assignment?.releases
        ? await this.d.scheduling.rollback(m, t.assignment.releases, 'cancelled')
        : null;
      const cancelled =
        live && t.assignment ? await this.d.assignments.update(m, live.id, t.assignment.changes) : null;
      await this.d.jobs.setStatus(m, job.id, t.jobStatus, { cancelReason: reason });
      const after = (await this.d.jobs.findById(job.id, m))!;
      for (const event of t.events) {
        if (event === 'booking_released' && released) {
          await this.d.outbox.enqueue(
            m,
            eventFrom(meta, SCHEDULING_EVENTS.bookingReleased, bookingEvent(meta, released, 'cancelled')),
          );
        } else if (event === 'assignment_cancelled' && cancelled) {
          await this.d.outbox.enqueue(
            m,
            eventFrom(
              meta,
              SCHEDULING_EVENTS.assignmentCancelled,
              assignmentEvent(meta, cancelled, job, { reason }),
            ),
          );
        } else if (event === 'job_cancelled') {
          await this.d.outbox.enqueue(
            m,
            eventFrom(meta, SCHEDULING_EVENTS.jobCancelled, jobEvent(meta, after, reason)),
          );
        }
      }
      return { job: after, released, assignmentId: live?.id ?? null };
    });
    if (released)
      logEvent(
        this.d.logger,
        'booking_cancelled',
        { booking_id: released.id, assignment_id: assignmentId, reason: 'cancelled' },
        'booking released',
      );
    if (assignmentId)
      logEvent(
        this.d.logger,
        'schedule_updated',
        { assignment_id: assignmentId, action: 'cancelled' },
        'assignment cancelled',
      );
    return toJobView(job);
  }
}
