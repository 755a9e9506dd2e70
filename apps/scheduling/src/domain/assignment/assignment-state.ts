import type { ProposerSide } from '@slotline/contracts';
import type { AssignmentStatus } from '../state/state-transitions';

/** What the assignment transitions read of an assignment. */
export interface AssignmentState {
  status: AssignmentStatus;
  scheduleVersion: number;
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  bookingId: string | null;
  proposedStart: Date | null;
  proposedEnd: Date | null;
  proposedBy: ProposerSide | null;
}

/** Clears a pending proposal: every transition that settles the schedule writes it. */
export const NO_PROPOSAL = {
  proposedStart: null,
  proposedEnd: null,
  proposedBy: null,
  proposedByUserId: null,
  proposedAt: null,
} as const;

/** The booking a transition out of `scheduled` gives back, if it holds one. */
export function bookingToRelease(a: Pick<AssignmentState, 'status' | 'bookingId'>): string | null {
  return a.status === 'scheduled' ? a.bookingId : null;
}
