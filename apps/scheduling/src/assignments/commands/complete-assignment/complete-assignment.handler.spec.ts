import { SCHEDULING_EVENTS } from '@slotline/contracts';
import { aCallMeta } from '@slotline/testing';
import { at } from '../../../domain/testing/resource-calendar.factory';
import { AssignmentWorld } from '../../../testing/assignment-world';
import { CompleteAssignmentHandler } from './complete-assignment.handler';

describe(CompleteAssignmentHandler.name, () => {
  const now = new Date('2030-03-04T12:00Z');
  const started = at('2030-03-04T11:00Z', 60);
  const tomorrow = at('2030-03-05T11:00Z', 60);
  let world: AssignmentWorld;
  let sut: CompleteAssignmentHandler;

  beforeEach(() => {
    world = new AssignmentWorld();
    sut = new CompleteAssignmentHandler({ ...world.ports, now: () => now });
  });

  it('completes a visit that has started: assignment and job, one event for payouts', async () => {
    const { job, assignment } = world.scheduled(started);

    const view = await sut.execute({ id: assignment.id }, aCallMeta(world.provider));

    expect(view).toMatchObject({ status: 'completed' });
    expect(world.assignments.rows.get(assignment.id)?.completedAt).toEqual(now);
    expect(world.jobs.rows.get(job.id)?.status).toBe('completed');
    expect(world.outbox.types()).toEqual([SCHEDULING_EVENTS.assignmentCompleted]);
    expect(world.outbox.dataOf(SCHEDULING_EVENTS.assignmentCompleted)).toEqual([
      expect.objectContaining({ assignment_id: assignment.id, status: 'completed', price_amount: 5000 }),
    ]);
  });

  it('refuses a visit that has not started yet, and writes nothing', async () => {
    const { assignment } = world.scheduled(tomorrow);

    await expect(sut.execute({ id: assignment.id }, aCallMeta(world.provider))).rejects.toMatchObject({
      code: 'BR_VISIT_NOT_STARTED',
    });
    expect(world.assignments.rows.get(assignment.id)?.status).toBe('scheduled');
    expect(world.outbox.events).toEqual([]);
  });

  it('records an admin override with its reason as an early completion', async () => {
    const { assignment } = world.scheduled(tomorrow);

    await sut.execute({ id: assignment.id, override_reason: 'visit moved' }, aCallMeta(world.admin));

    expect(world.outbox.types()).toEqual([
      SCHEDULING_EVENTS.assignmentCompleted,
      SCHEDULING_EVENTS.assignmentCompletedEarly,
    ]);
    expect(world.outbox.dataOf(SCHEDULING_EVENTS.assignmentCompletedEarly)).toEqual([
      expect.objectContaining({ reason: 'visit moved' }),
    ]);
    expect(world.logs()).toContainEqual(
      expect.objectContaining({ event: 'schedule_updated', action: 'completed_early' }),
    );
  });

  it('refuses an override from the provider', async () => {
    const { assignment } = world.scheduled(tomorrow);

    await expect(
      sut.execute({ id: assignment.id, override_reason: 'x' }, aCallMeta(world.provider)),
    ).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
  });

  it('lets the customer see it but not complete it', async () => {
    const { assignment } = world.scheduled(started);

    await expect(sut.execute({ id: assignment.id }, aCallMeta(world.customer))).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
  });

  it('refuses an assignment never scheduled', async () => {
    const { assignment } = world.assigned();

    await expect(sut.execute({ id: assignment.id }, aCallMeta(world.provider))).rejects.toMatchObject({
      code: 'BR_INVALID_STATE_TRANSITION',
    });
  });
});
