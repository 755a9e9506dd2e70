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
import { assertTransition, InvalidStateTransitionError } from '../domain';
import { BookingRequest, SchedulingService } from '../booking/scheduling.service';
import { violationError } from '../booking/violation-error';
import { eventFrom, requireActor } from '../common/call-context';
import { domainSync, toAppError } from '../common/domain-error.mapper';
import { JobRecord } from '../jobs/job.record';
import { assertVersion } from './assignment-access';
import { assignmentEvent, bookingEvent } from './assignment-events';
import { AssignmentLocks, LockedAssignment } from './assignment-locks';
import { toAssignmentView } from './assignment.mapper';
import { AssignmentRecord, NO_PROPOSAL } from './assignment.record';
import { AssignmentsRepository } from './assignments.repository';
import { proposedWindow } from './proposed-window';

export interface NegotiationServiceDeps {
  assignments: AssignmentsRepository;
  locks: AssignmentLocks;
  scheduling: SchedulingService;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  /** Answers to confirms sent with an idempotency key, replayed to retries. */
  outcomes: RpcOutcomes;
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
      const plan = await this.d.scheduling.plan(bookingRequest(job, a, window), m);
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
        const rescheduling = a.status === 'scheduled';
        if (!rescheduling) domainSync(() => assertTransition('assignment', a.status, 'scheduled'));
        request = {
          ...bookingRequest(job, a, { start: a.proposedStart, end: a.proposedEnd }),
          replacesBookingId: rescheduling ? a.bookingId : null,
        };
        const booked = await this.d.scheduling.commit(m, a.id, request);
        const updated = await this.d.assignments.update(m, a.id, {
          ...NO_PROPOSAL,
          status: 'scheduled',
          scheduledStart: a.proposedStart,
          scheduledEnd: a.proposedEnd,
          confirmedAt: new Date(),
          bookingId: booked.bookingId,
          scheduleVersion: a.scheduleVersion + 1,
          reminderOverdue: false,
        });
        if (booked.released) {
          await this.d.outbox.enqueue(
            m,
            eventFrom(
              meta,
              SCHEDULING_EVENTS.bookingReleased,
              bookingEvent(meta, booked.released, 'rescheduled'),
            ),
          );
        }
        const booking = {
          id: booked.bookingId,
          assignmentId: a.id,
          start: booked.window.start,
          end: booked.window.end,
          resources: booked.resources,
        };
        await this.d.outbox.enqueue(
          m,
          eventFrom(meta, SCHEDULING_EVENTS.bookingCreated, bookingEvent(meta, booking)),
        );
        await this.d.outbox.enqueue(
          m,
          eventFrom(
            meta,
            SCHEDULING_EVENTS.scheduleConfirmed,
            assignmentEvent(meta, updated, job, {
              rescheduled: rescheduling,
              previous_start: rescheduling ? (a.scheduledStart?.toISOString() ?? null) : null,
              previous_end: rescheduling ? (a.scheduledEnd?.toISOString() ?? null) : null,
            }),
          ),
        );
        const view = toAssignmentView(updated);
        await this.d.outcomes.record(m, call, view);
        return { replayed: false as const, view, updated, booking, released: booked.released };
      })
      .catch(async (err) => {
        throw request ? await this.d.scheduling.explainLostRace(err, request) : err;
      });
    if (outcome.replayed) return outcome.view;
    const { view, updated, booking, released } = outcome;
    if (released)
      logEvent(
        this.d.logger,
        'booking_cancelled',
        { booking_id: released.id, assignment_id: updated.id, reason: 'rescheduled' },
        'booking released',
      );
    logEvent(
      this.d.logger,
      'booking_created',
      {
        booking_id: booking.id,
        assignment_id: updated.id,
        practitioner_id: updated.practitionerId,
        start: booking.start.toISOString(),
        end: booking.end.toISOString(),
      },
      'booking created',
    );
    logEvent(
      this.d.logger,
      'schedule_updated',
      {
        assignment_id: updated.id,
        action: released ? 'rescheduled' : 'confirmed',
        schedule_version: updated.scheduleVersion,
      },
      'schedule confirmed',
    );
    return view;
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

function bookingRequest(
  job: JobRecord,
  a: AssignmentRecord,
  window: { start: Date; end: Date },
): BookingRequest {
  return {
    window,
    practitionerId: a.practitionerId,
    roomId: job.roomId,
    equipmentIds: job.equipmentIds,
    replacesBookingId: a.status === 'scheduled' ? a.bookingId : null,
  };
}
