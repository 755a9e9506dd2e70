import { SCHEDULING_EVENTS } from '@slotline/contracts';
import { aCallMeta, futureMonday } from '@slotline/testing';
import { at } from '../../../domain/testing/resource-calendar.factory';
import { AssignmentWorld } from '../../../testing/assignment-world';
import { BookAssignment } from './book-assignment';

describe(BookAssignment.name, () => {
  const now = new Date('2030-01-01T12:00Z');
  const window = at(futureMonday().toISOString(), 60);
  let world: AssignmentWorld;
  let sut: BookAssignment;

  beforeEach(() => {
    world = new AssignmentWorld();
    sut = new BookAssignment({ ...world.ports, now: () => now });
  });

  it('books a window an admin chose (no proposal needed) and logs what a platform team reads', async () => {
    const locked = world.assigned();

    const booked = await world.tx.runner.run((m) => sut.book(m, locked, window, aCallMeta(world.admin)));
    sut.logBooked(booked);

    expect(booked.updated).toMatchObject({
      status: 'scheduled',
      bookingId: booked.booking.id,
      confirmedAt: now,
    });
    expect(world.outbox.types()).toEqual([
      SCHEDULING_EVENTS.bookingCreated,
      SCHEDULING_EVENTS.scheduleConfirmed,
    ]);
    expect(world.logs().map((l) => l.event)).toEqual(['booking_created', 'schedule_updated']);
  });

  it('refuses an ended assignment before anything is booked', async () => {
    const locked = world.assigned({ status: 'rejected' });

    await expect(
      world.tx.runner.run((m) => sut.book(m, locked, window, aCallMeta(world.admin))),
    ).rejects.toMatchObject({ code: 'BR_INVALID_STATE_TRANSITION' });
    expect(world.bookings.active()).toEqual([]);
  });
});
