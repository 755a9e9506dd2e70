import { SCHEDULING_EVENTS } from '@slotline/contracts';
import { aCallMeta, futureMonday } from '@slotline/testing';
import { at } from '../../../domain/testing/resource-calendar.factory';
import { AssignmentWorld } from '../../../testing/assignment-world';
import { ProposeScheduleHandler } from './propose-schedule.handler';
import { RecordProposal } from './record-proposal';

describe(ProposeScheduleHandler.name, () => {
  const now = new Date('2030-01-01T12:00Z');
  const start = futureMonday();
  let world: AssignmentWorld;
  let sut: ProposeScheduleHandler;

  beforeEach(() => {
    world = new AssignmentWorld();
    sut = new ProposeScheduleHandler({
      ...world.ports,
      proposals: new RecordProposal({ ...world.ports, now: () => now }),
    });
  });

  it('records the customer proposal on the job: window of the job duration, next version, one event', async () => {
    const { job, assignment } = world.assigned({ scheduleVersion: 1, durationMinutes: 90 });

    const view = await sut.execute(
      { jobId: job.id },
      { start: start.toISOString(), schedule_version: 1 },
      aCallMeta(world.customer),
    );

    expect(view).toMatchObject({ id: assignment.id, status: 'awaiting_schedule', schedule_version: 2 });
    expect(world.assignments.rows.get(assignment.id)).toMatchObject({
      proposedStart: start,
      proposedEnd: new Date(start.getTime() + 90 * 60_000),
      proposedBy: 'customer',
      proposedByUserId: world.customer.user_id,
      proposedAt: now,
    });
    expect(world.outbox.dataOf(SCHEDULING_EVENTS.scheduleProposed)).toEqual([
      expect.objectContaining({ assignment_id: assignment.id, proposed_by: 'customer', schedule_version: 2 }),
    ]);
  });

  it('takes the provider proposal by the assignment id', async () => {
    const { assignment } = world.assigned();

    const view = await sut.execute(
      { assignmentId: assignment.id },
      { start: start.toISOString(), schedule_version: 1 },
      aCallMeta(world.provider),
    );

    expect(view).toMatchObject({ schedule_proposed_by: 'provider' });
  });

  it('refuses a stale version with the current one, and writes nothing', async () => {
    const { assignment } = world.assigned({ scheduleVersion: 4 });

    await expect(
      sut.execute(
        { assignmentId: assignment.id },
        { start: start.toISOString(), schedule_version: 3 },
        aCallMeta(world.provider),
      ),
    ).rejects.toMatchObject({ code: 'CF_SCHEDULE_VERSION', details: { current_version: 4 } });
    expect(world.outbox.events).toEqual([]);
  });

  it('refuses at once a window the practitioner cannot have', async () => {
    const { assignment } = world.assigned();
    world.bookings.book(assignment.practitionerId, at(start.toISOString(), 30));

    await expect(
      sut.execute(
        { assignmentId: assignment.id },
        { start: start.toISOString(), schedule_version: 1 },
        aCallMeta(world.customer),
      ),
    ).rejects.toMatchObject({ code: 'CF_PRACTITIONER_BUSY' });
    expect(world.assignments.rows.get(assignment.id)?.proposedStart).toBeNull();
  });

  it('refuses a cancelled assignment', async () => {
    const { assignment } = world.assigned({ status: 'cancelled' });

    await expect(
      sut.execute(
        { assignmentId: assignment.id },
        { start: start.toISOString(), schedule_version: 1 },
        aCallMeta(world.customer),
      ),
    ).rejects.toMatchObject({ code: 'BR_INVALID_STATE_TRANSITION' });
  });

  it('hides the job from a stranger', async () => {
    const { job } = world.assigned();

    await expect(
      sut.execute(
        { jobId: job.id },
        { start: start.toISOString(), schedule_version: 1 },
        aCallMeta(world.stranger()),
      ),
    ).rejects.toMatchObject({ code: 'NF_RESOURCE' });
  });
});
