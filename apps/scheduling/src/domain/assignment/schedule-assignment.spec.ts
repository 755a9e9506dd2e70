import { InvalidStateTransitionError } from '../errors/scheduling-domain.errors';
import { anAssignment, aScheduledAssignment } from '../testing/assignment.factory';
import { at } from '../testing/resource-calendar.factory';
import { scheduleAssignment } from './schedule-assignment';

describe(scheduleAssignment.name, () => {
  const sut = scheduleAssignment;
  const now = new Date('2024-03-01T12:00Z');
  const window = at('2024-03-04T10:00Z', 60);

  it('schedules an assignment awaiting its schedule: booked window, next version, proposal cleared', () => {
    const t = sut(anAssignment({ scheduleVersion: 2 }), { window, bookingId: 'b-1', now });
    expect(t.changes).toEqual({
      status: 'scheduled',
      scheduledStart: window.start,
      scheduledEnd: window.end,
      confirmedAt: now,
      bookingId: 'b-1',
      scheduleVersion: 3,
      reminderOverdue: false,
      proposedStart: null,
      proposedEnd: null,
      proposedBy: null,
      proposedByUserId: null,
      proposedAt: null,
    });
    expect(t.events).toEqual(['booking_created', 'schedule_confirmed']);
    expect(t).toMatchObject({ rescheduled: false, previous: null });
  });

  it('reschedules a scheduled one: the old booking is released first and its window reported', () => {
    const old = at('2024-03-02T09:00Z', 60);
    const t = sut(aScheduledAssignment(old), { window, bookingId: 'b-2', now });
    expect(t.events).toEqual(['booking_released', 'booking_created', 'schedule_confirmed']);
    expect(t.rescheduled).toBe(true);
    expect(t.previous).toEqual(old);
    expect(t.changes.bookingId).toBe('b-2');
  });

  it('clears the overdue mark: a scheduled visit is no longer awaiting anything', () => {
    expect(sut(anAssignment(), { window, bookingId: 'b', now }).changes.reminderOverdue).toBe(false);
  });

  it.each(['completed', 'rejected', 'cancelled'] as const)('refuses a %s assignment', (status) => {
    expect(() => sut(anAssignment({ status }), { window, bookingId: 'b', now })).toThrow(
      InvalidStateTransitionError,
    );
  });
});
