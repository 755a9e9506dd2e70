import { SCHEDULING_EVENTS } from '@slotline/contracts';
import { aCallMeta, futureMonday } from '@slotline/testing';
import { at } from '../../../domain/testing/resource-calendar.factory';
import { AssignmentWorld } from '../../../testing/assignment-world';
import { CancelJobHandler } from './cancel-job.handler';

describe(CancelJobHandler.name, () => {
  const now = new Date('2030-01-01T12:00Z');
  let world: AssignmentWorld;
  let sut: CancelJobHandler;

  beforeEach(() => {
    world = new AssignmentWorld();
    sut = new CancelJobHandler({ ...world.ports, now: () => now });
  });

  it('cancels an open job with its reason: one event', async () => {
    const job = world.openJob();

    const view = await sut.execute({ id: job.id, reason: 'changed my mind' }, aCallMeta(world.customer));

    expect(view).toMatchObject({ id: job.id, status: 'cancelled' });
    expect(world.outbox.types()).toEqual([SCHEDULING_EVENTS.jobCancelled]);
    expect(world.outbox.dataOf(SCHEDULING_EVENTS.jobCancelled)).toEqual([
      expect.objectContaining({ job_id: job.id, status: 'cancelled', reason: 'changed my mind' }),
    ]);
  });

  it('cancels the live assignment and releases its booking', async () => {
    const { job, assignment, booking } = world.scheduled(at(futureMonday().toISOString(), 60));

    await sut.execute({ id: job.id }, aCallMeta(world.admin));

    expect(world.assignments.rows.get(assignment.id)).toMatchObject({
      status: 'cancelled',
      cancelledAt: now,
      scheduleVersion: assignment.scheduleVersion + 1,
    });
    expect(world.bookings.active()).toEqual([]);
    expect(world.outbox.types()).toEqual([
      SCHEDULING_EVENTS.bookingReleased,
      SCHEDULING_EVENTS.assignmentCancelled,
      SCHEDULING_EVENTS.jobCancelled,
    ]);
    expect(world.outbox.dataOf(SCHEDULING_EVENTS.bookingReleased)).toEqual([
      expect.objectContaining({ booking_id: booking.id, reason: 'cancelled' }),
    ]);
  });

  it('forbids the provider who holds the job (403), and hides it from a stranger (404)', async () => {
    const { job } = world.assigned();

    await expect(sut.execute({ id: job.id }, aCallMeta(world.provider))).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    await expect(sut.execute({ id: job.id }, aCallMeta(world.stranger()))).rejects.toMatchObject({
      code: 'NF_RESOURCE',
    });
    expect(world.jobs.rows.get(job.id)?.status).toBe('assigned');
  });

  it('refuses a completed job and writes nothing', async () => {
    const job = world.openJob({ status: 'completed' });

    await expect(sut.execute({ id: job.id }, aCallMeta(world.customer))).rejects.toMatchObject({
      code: 'BR_INVALID_STATE_TRANSITION',
    });
    expect(world.outbox.events).toEqual([]);
  });
});
