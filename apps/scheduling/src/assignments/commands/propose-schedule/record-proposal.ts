import { Actor, CallMeta, ProposeScheduleBody, SCHEDULING_EVENTS } from '@slotline/contracts';
import { OutboxWriter } from '@slotline/messaging';
import { logEvent } from '@slotline/observability';
import type { Logger } from 'pino';
import { proposeSchedule } from '../../../domain';
import { SchedulingService } from '../../../booking/scheduling.service';
import { violationError } from '../../../booking/violation-error';
import { eventFrom } from '../../../common/call-context';
import { domainSync } from '../../../common/domain-error.mapper';
import { assignmentEvent } from '../../assignment-events';
import { LockedAssignment } from '../../assignment-locks';
import { AssignmentRecord } from '../../assignment.record';
import { AssignmentsRepository } from '../../assignments.repository';
import { proposedWindow } from '../../proposed-window';
import { bookingRequestFor } from '../confirm-schedule/book-assignment';
import { Queryable } from '@slotline/persistence';

export interface RecordProposalDeps {
  assignments: AssignmentsRepository;
  scheduling: SchedulingService;
  outbox: OutboxWriter;
  logger: Logger;
  now?: () => Date;
}

/**
 * The one way a window is proposed, inside the caller's transaction with the job and the assignment
 * locked (a proposal and a reschedule): checked like a booking (dry run), so an impossible window is
 * refused at once rather than on confirm.
 */
export class RecordProposal {
  private readonly now: () => Date;

  constructor(private readonly d: RecordProposalDeps) {
    this.now = d.now ?? (() => new Date());
  }

  async record(
    m: Queryable,
    { job, assignment: a, side }: LockedAssignment,
    body: ProposeScheduleBody,
    meta: CallMeta,
    actor: Actor,
  ): Promise<AssignmentRecord> {
    const window = proposedWindow(body, a.timeZone, a.durationMinutes);
    const plan = await this.d.scheduling.plan(bookingRequestFor(job, a, window), m);
    if (!plan.feasible) throw violationError(plan.violations, plan.alternatives, plan.timeZone);
    const t = domainSync(() =>
      proposeSchedule(a, {
        window,
        side,
        userId: actor.user_id,
        expectedVersion: body.schedule_version,
        now: this.now(),
      }),
    );
    const updated = await this.d.assignments.update(m, a.id, t.changes);
    await this.d.outbox.enqueue(
      m,
      eventFrom(meta, SCHEDULING_EVENTS.scheduleProposed, assignmentEvent(meta, updated, job)),
    );
    return updated;
  }

  logProposed(updated: AssignmentRecord): void {
    logEvent(
      this.d.logger,
      'schedule_updated',
      {
        assignment_id: updated.id,
        action: updated.status === 'scheduled' ? 'reschedule_proposed' : 'proposed',
        schedule_version: updated.scheduleVersion,
        proposed_by: updated.proposedBy,
      },
      'schedule proposed',
    );
  }
}
