import { SCHEDULING_EVENTS } from '@slotline/contracts';
import { aCallMeta, futureMonday, substitute } from '@slotline/testing';
import type { Counter } from 'prom-client';
import { at } from '../../../domain/testing/resource-calendar.factory';
import { AssignmentWorld } from '../../../testing/assignment-world';
import { RejectAssignmentHandler } from './reject-assignment.handler';

describe(RejectAssignmentHandler.name, () => {
  const now = new Date('2030-01-01T12:00Z');
  let world: AssignmentWorld;
  let requeued: number;
  let sut: RejectAssignmentHandler;

  beforeEach(() => {
    world = new AssignmentWorld();
    requeued = 0;
    sut = new RejectAssignmentHandler({
      ...world.ports,
      requeued: substitute<Counter<string>>({ inc: () => void requeued++ }),
      now: () => now,
    });
  });

  it('ends the assignment as rejected, opens the job again and says so in events', async () => {
    const { job, assignment } = world.assigned({ scheduleVersion: 2 });

    const view = await sut.execute({ id: assignment.id, reason: 'sick' }, aCallMeta(world.provider));

    expect(view).toMatchObject({ status: 'rejected', schedule_version: 3 });
    expect(world.assignments.rows.get(assignment.id)).toMatchObject({
      status: 'rejected',
      rejectedAt: now,
      rejectionReason: 'sick',
    });
    expect(world.jobs.rows.get(job.id)?.status).toBe('open');
    expect(world.outbox.types()).toEqual([
      SCHEDULING_EVENTS.assignmentRejected,
      SCHEDULING_EVENTS.jobRequeued,
    ]);
    expect(world.outbox.dataOf(SCHEDULING_EVENTS.jobRequeued)).toEqual([
      expect.objectContaining({ job_id: job.id, status: 'open', reason: 'sick' }),
    ]);
    expect(requeued).toBe(1);
  });

  it('releases the booking of a scheduled assignment, first among its events', async () => {
    const { assignment, booking } = world.scheduled(at(futureMonday().toISOString(), 60));

    await sut.execute({ id: assignment.id }, aCallMeta(world.admin));

    expect(world.bookings.active()).toEqual([]);
    expect(world.outbox.types()[0]).toBe(SCHEDULING_EVENTS.bookingReleased);
    expect(world.outbox.dataOf(SCHEDULING_EVENTS.bookingReleased)).toEqual([
      expect.objectContaining({ booking_id: booking.id, reason: 'rejected' }),
    ]);
    expect(world.logs()).toContainEqual(
      expect.objectContaining({ event: 'booking_cancelled', booking_id: booking.id }),
    );
  });

  it('lets the customer see the assignment but not reject it: 403, nothing changed', async () => {
    const { assignment } = world.assigned();

    await expect(sut.execute({ id: assignment.id }, aCallMeta(world.customer))).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    expect(world.assignments.rows.get(assignment.id)?.status).toBe('awaiting_schedule');
    expect(requeued).toBe(0);
  });

  it('answers a stranger with not-found', async () => {
    const { assignment } = world.assigned();

    await expect(
      sut.execute({ id: assignment.id }, aCallMeta(world.stranger('provider'))),
    ).rejects.toMatchObject({ code: 'NF_RESOURCE' });
  });

  it('refuses to reject a completed assignment, and writes nothing', async () => {
    const { assignment } = world.assigned({ status: 'completed' });

    await expect(sut.execute({ id: assignment.id }, aCallMeta(world.provider))).rejects.toMatchObject({
      code: 'BR_INVALID_STATE_TRANSITION',
    });
    expect(world.outbox.events).toEqual([]);
  });
});
