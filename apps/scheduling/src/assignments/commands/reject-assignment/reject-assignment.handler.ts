import { AssignmentView, CallMeta, RejectAssignmentCommand, SCHEDULING_EVENTS } from '@slotline/contracts';
import { OutboxWriter } from '@slotline/messaging';
import { logEvent } from '@slotline/observability';
import { TransactionRunner } from '@slotline/persistence';
import type { Counter } from 'prom-client';
import type { Logger } from 'pino';
import { rejectAssignment } from '../../../domain';
import { SchedulingService } from '../../../booking/scheduling.service';
import { eventFrom, requireActor } from '../../../common/call-context';
import { domainSync } from '../../../common/domain-error.mapper';
import { jobEvent } from '../../../jobs/jobs.service';
import { JobsRepository } from '../../../jobs/jobs.repository';
import { requireOneOf } from '../../assignment-access';
import { assignmentEvent, bookingEvent } from '../../assignment-events';
import { AssignmentLocks } from '../../assignment-locks';
import { toAssignmentView } from '../../assignment.mapper';
import { AssignmentsRepository } from '../../assignments.repository';

export interface RejectAssignmentDeps {
  jobs: JobsRepository;
  assignments: AssignmentsRepository;
  locks: AssignmentLocks;
  scheduling: SchedulingService;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  logger: Logger;
  requeued: Counter<string>;
  now?: () => Date;
}

/** SCH-10: the provider gives an accepted job back; its booking is released and the job is open again. */
export class RejectAssignmentHandler {
  private readonly now: () => Date;

  constructor(private readonly d: RejectAssignmentDeps) {
    this.now = d.now ?? (() => new Date());
  }

  async execute(cmd: RejectAssignmentCommand, meta: CallMeta): Promise<AssignmentView> {
    const actor = requireActor(meta);
    const reason = cmd.reason ?? null;
    const { updated, released } = await this.d.tx.run(async (m) => {
      const { job, assignment: a, side } = await this.d.locks.byAssignment(m, cmd.id, actor);
      requireOneOf(side, ['provider', 'admin'], 'reject it');
      const t = domainSync(() => rejectAssignment(a, job, { now: this.now(), reason }));
      const released = t.releases ? await this.d.scheduling.rollback(m, t.releases, 'rejected') : null;
      const updated = await this.d.assignments.update(m, a.id, t.changes);
      await this.d.jobs.setStatus(m, job.id, t.jobStatus);
      for (const event of t.events) {
        if (event === 'booking_released' && released) {
          await this.d.outbox.enqueue(
            m,
            eventFrom(meta, SCHEDULING_EVENTS.bookingReleased, bookingEvent(meta, released, 'rejected')),
          );
        } else if (event === 'assignment_rejected') {
          await this.d.outbox.enqueue(
            m,
            eventFrom(
              meta,
              SCHEDULING_EVENTS.assignmentRejected,
              assignmentEvent(meta, updated, job, { reason }),
            ),
          );
        } else if (event === 'job_requeued') {
          await this.d.outbox.enqueue(
            m,
            eventFrom(
              meta,
              SCHEDULING_EVENTS.jobRequeued,
              jobEvent(meta, { ...job, status: t.jobStatus }, reason),
            ),
          );
        }
      }
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
}
