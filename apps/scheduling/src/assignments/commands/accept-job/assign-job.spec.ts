import { SCHEDULING_EVENTS } from '@slotline/contracts';
import { aCallMeta } from '@slotline/testing';
import { AssignmentWorld } from '../../../testing/assignment-world';
import { aResourceRecord } from '../../../testing/scheduling-records.factory';
import { AssignJob } from './assign-job';

describe(AssignJob.name, () => {
  let world: AssignmentWorld;
  let sut: AssignJob;

  beforeEach(() => {
    world = new AssignmentWorld();
    sut = new AssignJob(world.ports);
  });

  it("gives an open job to a practitioner an admin names (bulk scheduling), inside the caller's transaction", async () => {
    const practitioner = world.practitioner();
    const job = world.openJob();

    const { assignment, job: after } = await world.tx.runner.run((m) =>
      sut.assign(m, job.id, practitioner.id, aCallMeta(world.admin)),
    );

    expect(assignment).toMatchObject({
      practitionerId: practitioner.id,
      providerUserId: world.provider.user_id,
    });
    expect(after).toMatchObject({ status: 'assigned', liveAssignmentId: assignment.id });
    expect(world.outbox.types()).toEqual([SCHEDULING_EVENTS.assignmentAccepted]);
  });

  it('refuses a resource that is not an active practitioner', async () => {
    const room = world.resources.rows.insert(aResourceRecord({ kind: 'room' }));
    const inactive = world.practitioner({ active: false });
    const job = world.openJob();

    for (const id of [room.id, inactive.id]) {
      await expect(
        world.tx.runner.run((m) => sut.assign(m, job.id, id, aCallMeta(world.admin))),
      ).rejects.toMatchObject({ code: 'BR_RULE_VIOLATED' });
    }
    expect(world.jobs.rows.get(job.id)?.status).toBe('open');
  });

  it('answers a taken job with 409 before looking at the practitioner', async () => {
    const job = world.openJob({ status: 'cancelled' });

    await expect(
      world.tx.runner.run((m) => sut.assign(m, job.id, 'no-such-practitioner', aCallMeta(world.admin))),
    ).rejects.toMatchObject({ code: 'CF_CONFLICT', details: { job_status: 'cancelled' } });
  });
});
