import type { SchedulableAssignment } from '../assignment/schedule-assignment';
import type { Interval } from '../time/interval';

/** Test data only. Defaults: an assignment awaiting its schedule at version 2 (proposed once, say). */
export function anAssignment(overrides: Partial<SchedulableAssignment> = {}): SchedulableAssignment {
  return {
    status: 'awaiting_schedule',
    scheduleVersion: 2,
    scheduledStart: null,
    scheduledEnd: null,
    bookingId: null,
    ...overrides,
  };
}

/** A scheduled assignment holding `window` under booking `bookingId`. */
export function aScheduledAssignment(window: Interval, bookingId = 'booking-old'): SchedulableAssignment {
  return anAssignment({
    status: 'scheduled',
    scheduledStart: window.start,
    scheduledEnd: window.end,
    bookingId,
  });
}
