import { SCHEDULING_EVENTS } from '@slotline/contracts';
import { aCallMeta, futureMonday } from '@slotline/testing';
import { at } from '../../../domain/testing/resource-calendar.factory';
import { AssignmentWorld } from '../../../testing/assignment-world';
import { RecordProposal } from '../propose-schedule/record-proposal';
import { RescheduleHandler } from './reschedule.handler';

describe(RescheduleHandler.name, () => {
  const booked = at(futureMonday().toISOString(), 60);
  const later = new Date(booked.start.getTime() + 2 * 3_600_000);
  let world: AssignmentWorld;
  let sut: RescheduleHandler;

  beforeEach(() => {
    world = new AssignmentWorld();
    sut = new RescheduleHandler({ ...world.ports, proposals: new RecordProposal(world.ports) });
  });

  it('proposes a new window for a scheduled visit, which keeps its booking meanwhile', async () => {
    const { assignment, booking } = world.scheduled(booked, { scheduleVersion: 3 });

    const view = await sut.execute(
      { id: assignment.id, start: later.toISOString(), schedule_version: 3 },
      aCallMeta(world.provider),
    );

    expect(view).toMatchObject({
      status: 'scheduled',
      schedule_version: 4,
      schedule_proposed_by: 'provider',
    });
    expect(world.bookings.active().map((b) => b.id)).toEqual([booking.id]);
    expect(world.outbox.types()).toEqual([SCHEDULING_EVENTS.scheduleProposed]);
    expect(world.logs()).toContainEqual(
      expect.objectContaining({ event: 'schedule_updated', action: 'reschedule_proposed' }),
    );
  });

  it("allows a window overlapping the visit's own booking", async () => {
    const { assignment } = world.scheduled(booked);
    const halfHourLater = new Date(booked.start.getTime() + 30 * 60_000);

    await sut.execute(
      { id: assignment.id, start: halfHourLater.toISOString(), schedule_version: 1 },
      aCallMeta(world.customer),
    );

    expect(world.assignments.rows.get(assignment.id)?.proposedStart).toEqual(halfHourLater);
  });

  it('refuses an assignment that has no visit to move yet', async () => {
    const { assignment } = world.assigned();

    await expect(
      sut.execute(
        { id: assignment.id, start: later.toISOString(), schedule_version: 1 },
        aCallMeta(world.provider),
      ),
    ).rejects.toMatchObject({
      code: 'BR_INVALID_STATE_TRANSITION',
      message: expect.stringContaining('Only a scheduled assignment can be rescheduled'),
    });
    expect(world.outbox.events).toEqual([]);
  });

  it('refuses a stale version', async () => {
    const { assignment } = world.scheduled(booked, { scheduleVersion: 3 });

    await expect(
      sut.execute(
        { id: assignment.id, start: later.toISOString(), schedule_version: 2 },
        aCallMeta(world.provider),
      ),
    ).rejects.toMatchObject({ code: 'CF_SCHEDULE_VERSION' });
  });
});
