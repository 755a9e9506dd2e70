import { Interval } from '../time/interval';
import { assertTransition, AssignmentStatus } from '../state/state-transitions';

/** What scheduling needs to know of an assignment to book it. */
export interface SchedulableAssignment {
  status: AssignmentStatus;
  scheduleVersion: number;
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  bookingId: string | null;
}

export type ScheduleEvent = 'booking_released' | 'booking_created' | 'schedule_confirmed';

export interface ScheduleTransition {
  /** Columns to write; the pending proposal is always cleared. */
  changes: {
    status: 'scheduled';
    scheduledStart: Date;
    scheduledEnd: Date;
    confirmedAt: Date;
    bookingId: string;
    scheduleVersion: number;
    reminderOverdue: false;
    proposedStart: null;
    proposedEnd: null;
    proposedBy: null;
    proposedByUserId: null;
    proposedAt: null;
  };
  /** In the order they are emitted. */
  events: ScheduleEvent[];
  rescheduled: boolean;
  /** The window a reschedule left, for the confirmation's `previous_*`. */
  previous: Interval | null;
}

/**
 * An assignment gets a booked window: awaiting_schedule → scheduled, or a scheduled one moves to a
 * new window (a reschedule, which releases its old booking first). The version rises either way, so
 * anyone holding the old one must reload.
 *
 * @throws InvalidStateTransitionError for a completed, rejected or cancelled assignment.
 */
export function scheduleAssignment(
  a: SchedulableAssignment,
  booked: { window: Interval; bookingId: string; now: Date },
): ScheduleTransition {
  const rescheduled = a.status === 'scheduled';
  if (!rescheduled) assertTransition('assignment', a.status, 'scheduled');
  const previous =
    rescheduled && a.scheduledStart && a.scheduledEnd
      ? { start: a.scheduledStart, end: a.scheduledEnd }
      : null;
  return {
    changes: {
      status: 'scheduled',
      scheduledStart: booked.window.start,
      scheduledEnd: booked.window.end,
      confirmedAt: booked.now,
      bookingId: booked.bookingId,
      scheduleVersion: a.scheduleVersion + 1,
      reminderOverdue: false,
      proposedStart: null,
      proposedEnd: null,
      proposedBy: null,
      proposedByUserId: null,
      proposedAt: null,
    },
    events: [
      ...(rescheduled && a.bookingId ? (['booking_released'] as const) : []),
      'booking_created',
      'schedule_confirmed',
    ],
    rescheduled,
    previous,
  };
}
