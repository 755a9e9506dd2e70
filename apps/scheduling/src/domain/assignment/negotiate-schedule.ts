import type { ProposerSide } from '@slotline/contracts';
import { InvalidStateTransitionError } from '../errors/scheduling-domain.errors';
import type { Interval } from '../time/interval';
import {
  NoProposalError,
  NotReschedulableError,
  OwnProposalError,
  ScheduleVersionConflictError,
} from './assignment.errors';
import type { AssignmentState } from './assignment-state';

type Negotiable = Pick<AssignmentState, 'status' | 'scheduleVersion'>;

/**
 * SCH-3: the schedule of a live assignment is open to proposals from the version the caller saw.
 * @throws InvalidStateTransitionError once it is completed, rejected or cancelled
 * @throws ScheduleVersionConflictError when `expectedVersion` is not the current one
 */
export function assertNegotiable(a: Negotiable, expectedVersion: number): void {
  if (a.status !== 'awaiting_schedule' && a.status !== 'scheduled')
    throw new InvalidStateTransitionError('assignment', a.status, 'scheduled');
  if (a.scheduleVersion !== expectedVersion)
    throw new ScheduleVersionConflictError(a.scheduleVersion, expectedVersion);
}

/** A reschedule moves a booked visit: only a scheduled assignment has one. */
export function assertReschedulable(a: Negotiable, expectedVersion: number): void {
  if (a.status !== 'scheduled') throw new NotReschedulableError(a.status);
  assertNegotiable(a, expectedVersion);
}

export interface ScheduleProposal {
  window: Interval;
  side: ProposerSide;
  userId: string;
  expectedVersion: number;
  now: Date;
}

export interface ProposalTransition {
  changes: {
    proposedStart: Date;
    proposedEnd: Date;
    proposedBy: ProposerSide;
    proposedByUserId: string;
    proposedAt: Date;
    scheduleVersion: number;
  };
  events: ['schedule_proposed'];
}

/**
 * A party (or an admin) proposes a window, replacing any pending proposal; the status stays as it is
 * (a scheduled visit keeps its booking until the other party confirms the new window). The version
 * rises, so a confirm of the earlier proposal is stale.
 */
export function proposeSchedule(a: Negotiable, p: ScheduleProposal): ProposalTransition {
  assertNegotiable(a, p.expectedVersion);
  return {
    changes: {
      proposedStart: p.window.start,
      proposedEnd: p.window.end,
      proposedBy: p.side,
      proposedByUserId: p.userId,
      proposedAt: p.now,
      scheduleVersion: a.scheduleVersion + 1,
    },
    events: ['schedule_proposed'],
  };
}

/**
 * The window a confirm books: the pending proposal, confirmed by the other party or an admin (an
 * admin may confirm their own). Booking it is `scheduleAssignment`.
 * @throws NoProposalError, OwnProposalError, and whatever `assertNegotiable` throws
 */
export function proposalToConfirm(
  a: Negotiable & Pick<AssignmentState, 'proposedStart' | 'proposedEnd' | 'proposedBy'>,
  by: { side: ProposerSide; expectedVersion: number },
): Interval {
  assertNegotiable(a, by.expectedVersion);
  if (!a.proposedStart || !a.proposedEnd) throw new NoProposalError();
  if (by.side !== 'admin' && by.side === a.proposedBy) throw new OwnProposalError();
  return { start: a.proposedStart, end: a.proposedEnd };
}
