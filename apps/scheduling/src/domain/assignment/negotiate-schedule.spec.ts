import { InvalidStateTransitionError } from '../errors/scheduling-domain.errors';
import { aProposedAssignment, anAssignment, aScheduledAssignment } from '../testing/assignment.factory';
import { at } from '../testing/resource-calendar.factory';
import {
  NoProposalError,
  NotReschedulableError,
  OwnProposalError,
  ScheduleVersionConflictError,
} from './assignment.errors';
import { assertReschedulable, proposalToConfirm, proposeSchedule } from './negotiate-schedule';

const now = new Date('2024-03-01T12:00Z');
const window = at('2024-03-04T10:00Z', 60);

describe(proposeSchedule.name, () => {
  const sut = proposeSchedule;
  const proposal = { window, side: 'customer' as const, userId: 'u-1', expectedVersion: 2, now };

  it('records the window, who proposed it and when, at the next version; the status stays', () => {
    const t = sut(anAssignment({ scheduleVersion: 2 }), proposal);
    expect(t.changes).toEqual({
      proposedStart: window.start,
      proposedEnd: window.end,
      proposedBy: 'customer',
      proposedByUserId: 'u-1',
      proposedAt: now,
      scheduleVersion: 3,
    });
    expect(t.changes).not.toHaveProperty('status');
    expect(t.events).toEqual(['schedule_proposed']);
  });

  it('accepts a proposal on a scheduled assignment (a reschedule)', () => {
    const t = sut(aScheduledAssignment(at('2024-03-02T09:00Z', 60)), proposal);
    expect(t.changes.scheduleVersion).toBe(3);
  });

  it('refuses a proposal based on a version that has moved on, naming the current one', () => {
    expect(() => sut(anAssignment({ scheduleVersion: 5 }), proposal)).toThrow(
      expect.objectContaining({ code: 'CF_SCHEDULE_VERSION', details: { current_version: 5 } }),
    );
    expect(() => sut(anAssignment({ scheduleVersion: 5 }), proposal)).toThrow(ScheduleVersionConflictError);
  });

  it.each(['completed', 'rejected', 'cancelled'] as const)('refuses a %s assignment', (status) => {
    expect(() => sut(anAssignment({ status }), proposal)).toThrow(InvalidStateTransitionError);
  });
});

describe(assertReschedulable.name, () => {
  const sut = assertReschedulable;

  it('lets a scheduled assignment at the expected version through', () => {
    expect(() => sut(aScheduledAssignment(window), 2)).not.toThrow();
  });

  it('refuses one awaiting its schedule: there is no visit to move yet', () => {
    expect(() => sut(anAssignment(), 2)).toThrow(NotReschedulableError);
    expect(() => sut(anAssignment(), 2)).toThrow(
      expect.objectContaining({
        code: 'BR_INVALID_STATE_TRANSITION',
        details: expect.objectContaining({ from: 'awaiting_schedule' }),
      }),
    );
  });

  it('refuses a stale version of a scheduled one', () => {
    expect(() => sut(aScheduledAssignment(window), 1)).toThrow(ScheduleVersionConflictError);
  });
});

describe(proposalToConfirm.name, () => {
  const sut = proposalToConfirm;

  it('gives the pending window to the other party', () => {
    expect(sut(aProposedAssignment(window, 'customer'), { side: 'provider', expectedVersion: 2 })).toEqual(
      window,
    );
  });

  it('lets an admin confirm any proposal, their own too', () => {
    expect(sut(aProposedAssignment(window, 'admin'), { side: 'admin', expectedVersion: 2 })).toEqual(window);
    expect(sut(aProposedAssignment(window, 'provider'), { side: 'admin', expectedVersion: 2 })).toEqual(
      window,
    );
  });

  it('refuses the party who made the proposal', () => {
    expect(() =>
      sut(aProposedAssignment(window, 'customer'), { side: 'customer', expectedVersion: 2 }),
    ).toThrow(OwnProposalError);
  });

  it('refuses when nothing is proposed', () => {
    expect(() => sut(anAssignment(), { side: 'provider', expectedVersion: 2 })).toThrow(NoProposalError);
  });

  it('checks the version before anything else about the proposal', () => {
    expect(() => sut(anAssignment(), { side: 'provider', expectedVersion: 1 })).toThrow(
      ScheduleVersionConflictError,
    );
  });

  it('refuses an ended assignment even with a proposal left on it', () => {
    const ended = aProposedAssignment(window, 'customer', { status: 'cancelled' });
    expect(() => sut(ended, { side: 'provider', expectedVersion: 2 })).toThrow(InvalidStateTransitionError);
  });
});
