import { InvalidStateTransitionError } from '../errors/scheduling-domain.errors';
import { EarlyCompletionForbiddenError, VisitNotStartedError } from '../rules/completion.rule';
import { anAssignment, aScheduledAssignment } from '../testing/assignment.factory';
import { at } from '../testing/resource-calendar.factory';
import { cancelJob, completeAssignment, rejectAssignment } from './end-assignment';

const now = new Date('2024-03-04T12:00Z');
const past = at('2024-03-04T10:00Z', 60);
const future = at('2024-03-05T10:00Z', 60);
const assigned = { status: 'assigned' as const };

describe(rejectAssignment.name, () => {
  const sut = rejectAssignment;

  it('rejects one awaiting its schedule: job requeued, nothing to release', () => {
    const t = sut(anAssignment({ scheduleVersion: 3 }), assigned, { now, reason: 'sick' });
    expect(t.changes).toEqual({
      status: 'rejected',
      rejectedAt: now,
      rejectionReason: 'sick',
      scheduleVersion: 4,
      reminderOverdue: false,
      proposedStart: null,
      proposedEnd: null,
      proposedBy: null,
      proposedByUserId: null,
      proposedAt: null,
    });
    expect(t.jobStatus).toBe('open');
    expect(t.releases).toBeNull();
    expect(t.events).toEqual(['assignment_rejected', 'job_requeued']);
  });

  it('releases the booking of a scheduled one first', () => {
    const t = sut(aScheduledAssignment(future, 'b-1'), assigned, { now, reason: null });
    expect(t.releases).toBe('b-1');
    expect(t.events).toEqual(['booking_released', 'assignment_rejected', 'job_requeued']);
  });

  it.each(['completed', 'rejected', 'cancelled'] as const)('refuses a %s assignment', (status) => {
    expect(() => sut(anAssignment({ status }), assigned, { now, reason: null })).toThrow(
      InvalidStateTransitionError,
    );
  });

  it('refuses when the job has ended', () => {
    expect(() => sut(anAssignment(), { status: 'cancelled' }, { now, reason: null })).toThrow(
      InvalidStateTransitionError,
    );
  });
});

describe(completeAssignment.name, () => {
  const sut = completeAssignment;

  it('completes a visit that has started: assignment and job, one event', () => {
    const t = sut(aScheduledAssignment(past), assigned, { now, byAdmin: false });
    expect(t.changes).toEqual({
      status: 'completed',
      completedAt: now,
      scheduleVersion: 3,
      proposedStart: null,
      proposedEnd: null,
      proposedBy: null,
      proposedByUserId: null,
      proposedAt: null,
    });
    expect(t).toMatchObject({ jobStatus: 'completed', early: false, events: ['assignment_completed'] });
  });

  it('an admin completes a future visit with a reason: marked early, with its own event', () => {
    const t = sut(aScheduledAssignment(future), assigned, { now, byAdmin: true, overrideReason: 'moved' });
    expect(t.early).toBe(true);
    expect(t.events).toEqual(['assignment_completed', 'assignment_completed_early']);
  });

  it('refuses a future visit without a reason', () => {
    expect(() => sut(aScheduledAssignment(future), assigned, { now, byAdmin: false })).toThrow(
      VisitNotStartedError,
    );
  });

  it('refuses a reason from anyone but an admin', () => {
    expect(() =>
      sut(aScheduledAssignment(future), assigned, { now, byAdmin: false, overrideReason: 'x' }),
    ).toThrow(EarlyCompletionForbiddenError);
  });

  it('refuses one never scheduled', () => {
    expect(() => sut(anAssignment(), assigned, { now, byAdmin: true })).toThrow(InvalidStateTransitionError);
  });
});

describe(cancelJob.name, () => {
  const sut = cancelJob;

  it('cancels an open job with no assignment: one event', () => {
    const t = sut({ status: 'open' }, null, { now });
    expect(t).toEqual({ jobStatus: 'cancelled', assignment: null, events: ['job_cancelled'] });
  });

  it('cancels the live assignment and releases its booking', () => {
    const t = sut(assigned, aScheduledAssignment(future, 'b-9'), { now });
    expect(t.assignment).toEqual({
      changes: {
        status: 'cancelled',
        cancelledAt: now,
        scheduleVersion: 3,
        reminderOverdue: false,
        proposedStart: null,
        proposedEnd: null,
        proposedBy: null,
        proposedByUserId: null,
        proposedAt: null,
      },
      releases: 'b-9',
    });
    expect(t.events).toEqual(['booking_released', 'assignment_cancelled', 'job_cancelled']);
  });

  it('cancels an assignment awaiting its schedule without a booking to release', () => {
    expect(sut(assigned, anAssignment(), { now }).events).toEqual(['assignment_cancelled', 'job_cancelled']);
  });

  it.each(['completed', 'cancelled'] as const)('refuses a %s job', (status) => {
    expect(() => sut({ status }, null, { now })).toThrow(InvalidStateTransitionError);
  });
});
