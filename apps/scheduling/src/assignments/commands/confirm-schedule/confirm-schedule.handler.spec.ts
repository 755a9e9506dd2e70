import { AssignmentView, SCHEDULING_EVENTS } from '@slotline/contracts';
import { RpcOutcomes } from '@slotline/messaging';
import { aCallMeta, futureMonday, substitute } from '@slotline/testing';
import { at } from '../../../domain/testing/resource-calendar.factory';
import { AssignmentWorld } from '../../../testing/assignment-world';
import { BookAssignment } from './book-assignment';
import { ConfirmScheduleHandler } from './confirm-schedule.handler';

/** Answers by idempotency key, kept across calls (the real table commits with the confirm). */
function rememberedOutcomes() {
  const answers = new Map<string, unknown>();
  const keyOf = (call: { meta: { idempotency_key: string | null } }) => call.meta.idempotency_key;
  return substitute<RpcOutcomes>({
    find: async <T>(_m: unknown, call: { meta: { idempotency_key: string | null } }) => {
      const key = keyOf(call);
      return (key ? answers.get(key) : undefined) as T | undefined;
    },
    record: async (_m: unknown, call: { meta: { idempotency_key: string | null } }, response: unknown) => {
      const key = keyOf(call);
      if (key) answers.set(key, response);
    },
  });
}

describe(ConfirmScheduleHandler.name, () => {
  const now = new Date('2030-01-01T12:00Z');
  const window = at(futureMonday().toISOString(), 60);
  let world: AssignmentWorld;
  let sut: ConfirmScheduleHandler;

  beforeEach(() => {
    world = new AssignmentWorld();
    sut = new ConfirmScheduleHandler({
      ...world.ports,
      outcomes: rememberedOutcomes(),
      booker: new BookAssignment({ ...world.ports, now: () => now }),
    });
  });

  function proposedBy(side: 'customer' | 'provider') {
    return world.assigned({
      scheduleVersion: 2,
      proposedStart: window.start,
      proposedEnd: window.end,
      proposedBy: side,
    });
  }

  it('books the proposal the other party made: scheduled, booked, proposal cleared, events', async () => {
    const { assignment } = proposedBy('customer');

    const view = await sut.execute({ id: assignment.id, schedule_version: 2 }, aCallMeta(world.provider));

    expect(view).toMatchObject({ status: 'scheduled', schedule_version: 3, schedule_proposed_by: null });
    const [booking] = world.bookings.active();
    expect(booking).toMatchObject({ assignmentId: assignment.id, start: window.start, end: window.end });
    expect(world.assignments.rows.get(assignment.id)).toMatchObject({
      bookingId: booking.id,
      confirmedAt: now,
      proposedStart: null,
    });
    expect(world.outbox.types()).toEqual([
      SCHEDULING_EVENTS.bookingCreated,
      SCHEDULING_EVENTS.scheduleConfirmed,
    ]);
  });

  it('refuses the party who proposed, and books nothing', async () => {
    const { assignment } = proposedBy('customer');

    await expect(
      sut.execute({ id: assignment.id, schedule_version: 2 }, aCallMeta(world.customer)),
    ).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
    expect(world.bookings.active()).toEqual([]);
  });

  it('refuses a stale version and when nothing is proposed', async () => {
    const { assignment } = proposedBy('customer');
    const bare = world.assigned().assignment;

    await expect(
      sut.execute({ id: assignment.id, schedule_version: 1 }, aCallMeta(world.provider)),
    ).rejects.toMatchObject({ code: 'CF_SCHEDULE_VERSION' });
    await expect(
      sut.execute({ id: bare.id, schedule_version: 1 }, aCallMeta(world.admin)),
    ).rejects.toMatchObject({
      code: 'BR_RULE_VIOLATED',
    });
  });

  it('rolls everything back when the practitioner was booked meanwhile', async () => {
    const { assignment } = proposedBy('provider');
    world.bookings.book(assignment.practitionerId, window);

    await expect(
      sut.execute({ id: assignment.id, schedule_version: 2 }, aCallMeta(world.customer)),
    ).rejects.toMatchObject({ code: 'CF_PRACTITIONER_BUSY' });
    expect(world.assignments.rows.get(assignment.id)).toMatchObject({
      status: 'awaiting_schedule',
      scheduleVersion: 2,
    });
    expect(world.outbox.events).toEqual([]);
  });

  it('replays the first answer to a retry with the same idempotency key, booking once', async () => {
    const { assignment } = proposedBy('customer');
    const meta = aCallMeta(world.provider, { idempotency_key: 'key-1' });

    const first = await sut.execute({ id: assignment.id, schedule_version: 2 }, meta);
    const retry: AssignmentView = await sut.execute({ id: assignment.id, schedule_version: 2 }, meta);

    expect(retry).toEqual(first);
    expect(world.bookings.active()).toHaveLength(1);
    expect(world.outbox.dataOf(SCHEDULING_EVENTS.bookingCreated)).toHaveLength(1);
  });

  it('moves a scheduled visit: the old booking is released and the new one made', async () => {
    const { assignment, booking: old } = world.scheduled(at('2030-02-04T10:00Z', 60), {
      scheduleVersion: 4,
      proposedStart: window.start,
      proposedEnd: window.end,
      proposedBy: 'customer',
    });

    await sut.execute({ id: assignment.id, schedule_version: 4 }, aCallMeta(world.provider));

    expect(world.bookings.active()).toEqual([expect.objectContaining({ start: window.start })]);
    expect(world.outbox.dataOf(SCHEDULING_EVENTS.bookingReleased)).toEqual([
      expect.objectContaining({ booking_id: old.id, reason: 'rescheduled' }),
    ]);
    expect(world.outbox.dataOf(SCHEDULING_EVENTS.scheduleConfirmed)).toEqual([
      expect.objectContaining({ rescheduled: true }),
    ]);
  });
});
