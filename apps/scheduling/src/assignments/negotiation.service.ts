import {
  Actor,
  AssignmentView,
  CallMeta,
  ConfirmScheduleCommand,
  ProposeScheduleBody,
  SCHEDULING_EVENTS,
  SCHEDULING_RPC,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter, RpcOutcomes } from '@slotline/messaging';
import { logEvent } from '@slotline/observability';
import { Queryable, TransactionRunner } from '@slotline/persistence';
import type { Logger } from 'pino';
import { InvalidStateTransitionError } from '../domain';
import { BookingRequest, SchedulingService } from '../booking/scheduling.service';
import { violationError } from '../booking/violation-error';
import { eventFrom, requireActor } from '../common/call-context';
import { toAppError } from '../common/domain-error.mapper';
import { assertVersion } from './assignment-access';
import { assignmentEvent } from './assignment-events';
import { AssignmentLocks, LockedAssignment } from './assignment-locks';
import { toAssignmentView } from './assignment.mapper';
import { AssignmentRecord } from './assignment.record';
import { AssignmentsRepository } from './assignments.repository';
import { proposedWindow } from './proposed-window';
import { BookAssignment, bookingRequestFor } from './commands/confirm-schedule/book-assignment';

export interface NegotiationServiceDeps {
  assignments: AssignmentsRepository;
  locks: AssignmentLocks;
  scheduling: SchedulingService;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  /** Answers to confirms sent with an idempotency key, replayed to retries. */
  outcomes: RpcOutcomes;
  booker: BookAssignment;
  logger: Logger;
}

export type ProposalTarget = { jobId: string } | { assignmentId: string };

/**
 * SCH-3. Either party (or an admin) proposes a window based on the `schedule_version` they saw; the
 * other party confirms it, which books every resource (SchedulingService.commit). A proposal is
 * checked like a booking (dry run) so an impossible window is refused at once, and again on confirm.
 */
export class NegotiationService {
  constructor(private readonly d: NegotiationServiceDeps) {}

  async propose(
    target: ProposalTarget,
    body: ProposeScheduleBody,
    meta: CallMeta,
    mode: 'propose' | 'reschedule',
  ): Promise<AssignmentView> {
    const actor = requireActor(meta);
    const updated = await this.d.tx.run(async (m) => {
      const { job, assignment: a, side } = await this.lock(m, target, actor);
      if (mode === 'reschedule' && a.status !== 'scheduled') {
        throw new AppError(
          'BR_INVALID_STATE_TRANSITION',
          `Only a scheduled assignment can be rescheduled; this one is ${a.status}.`,
          undefined,
          {
            kind: 'assignment',
            from: a.status,
            to: 'scheduled',
          },
        );
      }
      assertNegotiable(a);
      assertVersion(a, body.schedule_version);
      const window = proposedWindow(body, a.timeZone, a.durationMinutes);
      const plan = await this.d.scheduling.plan(bookingRequestFor(job, a, window), m);
      if (!plan.feasible) throw violationError(plan.violations, plan.alternatives, plan.timeZone);
      const updated = await this.d.assignments.update(m, a.id, {
        proposedStart: window.start,
        proposedEnd: window.end,
        proposedBy: side,
        proposedByUserId: actor.user_id,
        proposedAt: new Date(),
        scheduleVersion: a.scheduleVersion + 1,
      });
      await this.d.outbox.enqueue(
        m,
        eventFrom(meta, SCHEDULING_EVENTS.scheduleProposed, assignmentEvent(meta, updated, job)),
      );
      return updated;
    });
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
    return toAssignmentView(updated);
  }

  /** The other party (or an admin) accepts the pending proposal: its resources are booked atomically. */
  async confirm(cmd: ConfirmScheduleCommand, meta: CallMeta): Promise<AssignmentView> {
    const actor = requireActor(meta);
    const call = { subject: SCHEDULING_RPC.confirmSchedule.subject, meta, request: cmd };
    let request: BookingRequest | undefined;
    const outcome = await this.d.tx
      .run(async (m) => {
        const { job, assignment: a, side } = await this.d.locks.byAssignment(m, cmd.id, actor);
        // After the locks: a retry racing its first attempt waits for it, then replays its answer.
        const replayed = await this.d.outcomes.find<AssignmentView>(m, call);
        if (replayed) return { replayed: true as const, view: replayed };
        assertNegotiable(a);
        assertVersion(a, cmd.schedule_version);
        if (!a.proposedStart || !a.proposedEnd)
          throw new AppError('BR_RULE_VIOLATED', 'There is no proposed window to confirm.');
        if (side !== 'admin' && side === a.proposedBy) {
          throw new AppError(
            'AUTH_FORBIDDEN',
            'A proposal is confirmed by the other party, not by the one who made it.',
          );
        }
        request = bookingRequestFor(job, a, { start: a.proposedStart, end: a.proposedEnd });
        const booked = await this.d.booker.book(m, { job, assignment: a }, request.window, meta);
        const updated = booked.updated;
        const view = toAssignmentView(updated);
        await this.d.outcomes.record(m, call, view);
        return { replayed: false as const, view, booked };
      })
      .catch(async (err) => {
        throw request ? await this.d.scheduling.explainLostRace(err, request) : err;
      });
    if (outcome.replayed) return outcome.view;
    this.d.booker.logBooked(outcome.booked);
    return outcome.view;
  }

  private lock(m: Queryable, target: ProposalTarget, actor: Actor): Promise<LockedAssignment> {
    return 'jobId' in target
      ? this.d.locks.byJob(m, target.jobId, actor)
      : this.d.locks.byAssignment(m, target.assignmentId, actor);
  }
}

function assertNegotiable(a: AssignmentRecord): void {
  if (a.status !== 'awaiting_schedule' && a.status !== 'scheduled') {
    throw toAppError(new InvalidStateTransitionError('assignment', a.status, 'scheduled'));
  }
}
