import {
  AssignmentView,
  CallMeta,
  CancelJobCommand,
  CompleteAssignmentCommand,
  JobView,
  ListAssignmentsQuery,
  Page,
  paginate,
  RejectAssignmentCommand,
  SCHEDULING_EVENTS,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { logEvent } from '@slotline/observability';
import { idAfterCursor, TransactionRunner } from '@slotline/persistence';
import type { Counter } from 'prom-client';
import type { Logger } from 'pino';
import { assertTransition, checkCompletion } from '../domain';
import { SchedulingService } from '../booking/scheduling.service';
import { eventFrom, isAdmin, notFound, requireActor, requireRole } from '../common/call-context';
import { domainSync } from '../common/domain-error.mapper';
import { viewerOf } from '../common/viewer';
import { toJobView } from '../jobs/job.mapper';
import { jobEvent } from '../jobs/jobs.service';
import { JobsRepository } from '../jobs/jobs.repository';
import { ResourcesRepository } from '../resources/resources.repository';
import { requireOneOf } from './assignment-access';
import { AssignJob, NO_ACTIVE_PRACTITIONER } from './commands/accept-job/assign-job';
import { assignmentEvent, bookingEvent } from './assignment-events';
import { AssignmentLocks } from './assignment-locks';
import { toAssignmentView } from './assignment.mapper';
import { NO_PROPOSAL } from './assignment.record';
import { AssignmentsRepository } from './assignments.repository';

export interface AssignmentsServiceDeps {
  jobs: JobsRepository;
  assignments: AssignmentsRepository;
  resources: ResourcesRepository;
  locks: AssignmentLocks;
  scheduling: SchedulingService;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  logger: Logger;
  requeued: Counter<string>;
  assigner: AssignJob;
}

/** Accepting, rejecting (SCH-10), completing and cancelling; the schedule itself is NegotiationService's. */
export class AssignmentsService {
  constructor(private readonly d: AssignmentsServiceDeps) {}

  async list(query: ListAssignmentsQuery, meta: CallMeta): Promise<Page<AssignmentView>> {
    const viewer = viewerOf(requireActor(meta));
    const rows = await this.d.assignments.listVisible(viewer, {
      status: query.status,
      jobId: query.job_id,
      afterId: idAfterCursor(query.cursor),
      limit: query.limit,
    });
    const page = paginate(rows, query.limit, (a) => ({ id: a.id }));
    return { ...page, items: page.items.map(toAssignmentView) };
  }

  async get(id: string, meta: CallMeta): Promise<AssignmentView> {
    const a = await this.d.assignments.findVisible(id, viewerOf(requireActor(meta)));
    if (!a) throw notFound('assignment');
    return toAssignmentView(a);
  }

  /** A provider takes an open job. Concurrent accepts serialise on the job row: one wins, the rest get 409. */
  async accept(jobId: string, meta: CallMeta): Promise<AssignmentView> {
    const actor = requireRole(meta, 'provider', 'accept a job');
    const practitioner = await this.d.resources.findPractitionerByUser(actor.user_id);
    if (!practitioner?.active) throw NO_ACTIVE_PRACTITIONER();
    const { assignment } = await this.d.tx.run((m) =>
      this.d.assigner.assign(m, jobId, practitioner.id, meta),
    );
    logEvent(
      this.d.logger,
      'assignment_accepted',
      { assignment_id: assignment.id, job_id: jobId },
      'job accepted',
    );
    return toAssignmentView(assignment);
  }

  /** SCH-10: the assignment ends as rejected, its booking is released and the job is open again. */
  async reject(cmd: RejectAssignmentCommand, meta: CallMeta): Promise<AssignmentView> {
    const actor = requireActor(meta);
    const { updated, released } = await this.d.tx.run(async (m) => {
      const { job, assignment: a, side } = await this.d.locks.byAssignment(m, cmd.id, actor);
      requireOneOf(side, ['provider', 'admin'], 'reject it');
      domainSync(() => {
        assertTransition('assignment', a.status, 'rejected');
        assertTransition('job', job.status, 'open');
      });
      const released =
        a.status === 'scheduled' && a.bookingId
          ? await this.d.scheduling.rollback(m, a.bookingId, 'rejected')
          : null;
      const updated = await this.d.assignments.update(m, a.id, {
        ...NO_PROPOSAL,
        status: 'rejected',
        rejectedAt: new Date(),
        rejectionReason: cmd.reason ?? null,
        scheduleVersion: a.scheduleVersion + 1,
        reminderOverdue: false,
      });
      await this.d.jobs.setStatus(m, job.id, 'open');
      if (released)
        await this.d.outbox.enqueue(
          m,
          eventFrom(meta, SCHEDULING_EVENTS.bookingReleased, bookingEvent(meta, released, 'rejected')),
        );
      await this.d.outbox.enqueue(
        m,
        eventFrom(
          meta,
          SCHEDULING_EVENTS.assignmentRejected,
          assignmentEvent(meta, updated, job, { reason: cmd.reason ?? null }),
        ),
      );
      await this.d.outbox.enqueue(
        m,
        eventFrom(
          meta,
          SCHEDULING_EVENTS.jobRequeued,
          jobEvent(meta, { ...job, status: 'open' }, cmd.reason ?? null),
        ),
      );
      return { updated, released };
    });
    this.d.requeued.inc();
    if (released)
      logEvent(
        this.d.logger,
        'booking_cancelled',
        { booking_id: released.id, assignment_id: updated.id, reason: 'rejected' },
        'booking released',
      );
    logEvent(
      this.d.logger,
      'schedule_updated',
      { assignment_id: updated.id, action: 'rejected', schedule_version: updated.scheduleVersion },
      'assignment rejected; job requeued',
    );
    return toAssignmentView(updated);
  }

  /**
   * The visit took place: assignment and job complete (payouts listens for the event). Not before the
   * visit starts, unless an admin overrides with a reason, which is audited as `completed_early`.
   */
  async complete(cmd: CompleteAssignmentCommand, meta: CallMeta): Promise<AssignmentView> {
    const actor = requireActor(meta);
    const { updated, early } = await this.d.tx.run(async (m) => {
      const { job, assignment: a, side } = await this.d.locks.byAssignment(m, cmd.id, actor);
      requireOneOf(side, ['provider', 'admin'], 'complete it');
      const { early } = domainSync(() => {
        assertTransition('assignment', a.status, 'completed');
        assertTransition('job', job.status, 'completed');
        return checkCompletion({
          scheduledStart: a.scheduledStart,
          now: new Date(),
          byAdmin: side === 'admin',
          overrideReason: cmd.override_reason,
        });
      });
      const updated = await this.d.assignments.update(m, a.id, {
        ...NO_PROPOSAL,
        status: 'completed',
        completedAt: new Date(),
        scheduleVersion: a.scheduleVersion + 1,
      });
      await this.d.jobs.setStatus(m, job.id, 'completed');
      await this.d.outbox.enqueue(
        m,
        eventFrom(meta, SCHEDULING_EVENTS.assignmentCompleted, assignmentEvent(meta, updated, job)),
      );
      if (early)
        await this.d.outbox.enqueue(
          m,
          eventFrom(
            meta,
            SCHEDULING_EVENTS.assignmentCompletedEarly,
            assignmentEvent(meta, updated, job, { reason: cmd.override_reason }),
          ),
        );
      return { updated, early };
    });
    logEvent(
      this.d.logger,
      'schedule_updated',
      {
        assignment_id: updated.id,
        action: early ? 'completed_early' : 'completed',
        schedule_version: updated.scheduleVersion,
      },
      early ? 'assignment completed before its start by an admin override' : 'assignment completed',
    );
    return toAssignmentView(updated);
  }

  /** The customer (or an admin) cancels a job; a live assignment is cancelled and its booking released. */
  async cancelJob(cmd: CancelJobCommand, meta: CallMeta): Promise<JobView> {
    const actor = requireActor(meta);
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
      domainSync(() => assertTransition('job', job.status, 'cancelled'));
      const live = await this.d.assignments.lockLiveOfJob(m, job.id);
      let released = null;
      if (live) {
        domainSync(() => assertTransition('assignment', live.status, 'cancelled'));
        released =
          live.status === 'scheduled' && live.bookingId
            ? await this.d.scheduling.rollback(m, live.bookingId, 'cancelled')
            : null;
        const cancelled = await this.d.assignments.update(m, live.id, {
          ...NO_PROPOSAL,
          status: 'cancelled',
          cancelledAt: new Date(),
          scheduleVersion: live.scheduleVersion + 1,
          reminderOverdue: false,
        });
        if (released)
          await this.d.outbox.enqueue(
            m,
            eventFrom(meta, SCHEDULING_EVENTS.bookingReleased, bookingEvent(meta, released, 'cancelled')),
          );
        await this.d.outbox.enqueue(
          m,
          eventFrom(
            meta,
            SCHEDULING_EVENTS.assignmentCancelled,
            assignmentEvent(meta, cancelled, job, { reason: cmd.reason ?? null }),
          ),
        );
      }
      await this.d.jobs.setStatus(m, job.id, 'cancelled', { cancelReason: cmd.reason ?? null });
      const after = (await this.d.jobs.findById(job.id, m))!;
      await this.d.outbox.enqueue(
        m,
        eventFrom(meta, SCHEDULING_EVENTS.jobCancelled, jobEvent(meta, after, cmd.reason ?? null)),
      );
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
