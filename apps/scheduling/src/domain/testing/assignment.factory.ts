import type { AssignmentState } from '../assignment/assignment-state';
import type { Interval } from '../time/interval';

/** Test data only. Defaults: an assignment awaiting its schedule at version 2 (proposed once, say). */
export function anAssignment(overrides: Partial<AssignmentState> = {}): AssignmentState {
  return {
    status: 'awaiting_schedule',
    scheduleVersion: 2,
    scheduledStart: null,
    scheduledEnd: null,
    bookingId: null,
    proposedStart: null,
    proposedEnd: null,
    proposedBy: null,
    ...overrides,
  };
}

/** A scheduled assignment holding `window` under booking `bookingId`. */
export function aScheduledAssignment(window: Interval, bookingId = 'booking-old'): AssignmentState {
  return anAssignment({
    status: 'scheduled',
    scheduledStart: window.start,
    scheduledEnd: window.end,
    bookingId,
  });
}

/** An assignment with a pending proposal of `window` by `side`. */
export function aProposedAssignment(
  window: Interval,
  side: AssignmentState['proposedBy'] = 'customer',
  overrides: Partial<AssignmentState> = {},
): AssignmentState {
  return anAssignment({
    proposedStart: window.start,
    proposedEnd: window.end,
    proposedBy: side,
    ...overrides,
  });
}
