import { AssignmentView, CallMeta, CompleteAssignmentCommand, SCHEDULING_EVENTS } from '@slotline/contracts';
import { OutboxWriter } from '@slotline/messaging';
import { logEvent } from '@slotline/observability';
import { TransactionRunner } from '@slotline/persistence';
import type { Logger } from 'pino';
import { completeAssignment } from '../../../domain';
import { eventFrom, requireActor } from '../../../common/call-context';
import { domainSync } from '../../../common/domain-error.mapper';
import { JobsRepository } from '../../../jobs/jobs.repository';
import { requireOneOf } from '../../assignment-access';
import { assignmentEvent } from '../../assignment-events';
import { AssignmentLocks } from '../../assignment-locks';
import { toAssignmentView } from '../../assignment.mapper';
import { AssignmentsRepository } from '../../assignments.repository';

export interface CompleteAssignmentDeps {
  jobs: JobsRepository;
  assignments: AssignmentsRepository;
  locks: AssignmentLocks;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  logger: Logger;
  now?: () => Date;
}

/**
 * The visit took place: assignment and job complete (payouts listens for the event). Not before the
 * visit starts, unless an admin overrides with a reason, which is audited as `completed_early`.
 */
export class CompleteAssignmentHandler {
  private readonly now: () => Date;

  constructor(private readonly d: CompleteAssignmentDeps) {
    this.now = d.now ?? (() => new Date());
  }

  async execute(cmd: CompleteAssignmentCommand, meta: CallMeta): Promise<AssignmentView> {
    const actor = requireActor(meta);
    const { updated, early } = await this.d.tx.run(async (m) => {
      const { job, assignment: a, side } = await this.d.locks.byAssignment(m, cmd.id, actor);
      requireOneOf(side, ['provider', 'admin'], 'complete it');
      const t = domainSync(() =>
        completeAssignment(a, job, {
          now: this.now(),
          byAdmin: side === 'admin',
          overrideReason: cmd.override_reason,
        }),
      );
      const updated = await this.d.assignments.update(m, a.id, t.changes);
      await this.d.jobs.setStatus(m, job.id, t.jobStatus);
      for (const event of t.events) {
        const [type, extra] =
          event === 'assignment_completed'
            ? [SCHEDULING_EVENTS.assignmentCompleted, {}]
            : [SCHEDULING_EVENTS.assignmentCompletedEarly, { reason: cmd.override_reason }];
        await this.d.outbox.enqueue(m, eventFrom(meta, type, assignmentEvent(meta, updated, job, extra)));
      }
      return { updated, early: t.early };
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
}
