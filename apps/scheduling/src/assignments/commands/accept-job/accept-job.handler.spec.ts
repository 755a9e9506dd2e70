import { SCHEDULING_EVENTS } from '@slotline/contracts';
import { aCallMeta, callAs } from '@slotline/testing';
import { AssignmentWorld } from '../../../testing/assignment-world';
import { AcceptJobHandler } from './accept-job.handler';
import { AssignJob } from './assign-job';

describe(AcceptJobHandler.name, () => {
  let world: AssignmentWorld;
  let sut: AcceptJobHandler;

  beforeEach(() => {
    world = new AssignmentWorld();
    const { jobs, assignments, resources, outbox } = world.ports;
    sut = new AcceptJobHandler({
      ...world.ports,
      assigner: new AssignJob({ jobs, assignments, resources, outbox }),
    });
  });

  it('gives an open job to the provider: an assignment awaiting its schedule, the job assigned', async () => {
    const practitioner = world.practitioner();
    const job = world.openJob({ durationMinutes: 90 });

    const view = await sut.execute(job.id, aCallMeta(world.provider));

    expect(view).toMatchObject({
      job_id: job.id,
      practitioner_id: practitioner.id,
      status: 'awaiting_schedule',
    });
    expect(world.jobs.rows.get(job.id)?.status).toBe('assigned');
    expect(world.outbox.dataOf(SCHEDULING_EVENTS.assignmentAccepted)).toEqual([
      expect.objectContaining({ assignment_id: view.id, job_id: job.id, status: 'awaiting_schedule' }),
    ]);
    expect(world.logs()).toContainEqual(
      expect.objectContaining({ event: 'assignment_accepted', assignment_id: view.id }),
    );
  });

  it('answers 409 once the job is taken, and changes nothing', async () => {
    world.practitioner();
    const job = world.openJob({ status: 'assigned' });

    await expect(sut.execute(job.id, aCallMeta(world.provider))).rejects.toMatchObject({
      code: 'CF_CONFLICT',
      details: { job_status: 'assigned' },
    });
    expect(world.assignments.rows.all()).toEqual([]);
    expect(world.outbox.events).toEqual([]);
  });

  it('refuses a provider without an active practitioner profile', async () => {
    world.practitioner({ active: false });
    const job = world.openJob();

    await expect(sut.execute(job.id, aCallMeta(world.provider))).rejects.toMatchObject({
      code: 'BR_RULE_VIOLATED',
    });
    expect(world.jobs.rows.get(job.id)?.status).toBe('open');
  });

  it('does not give a job back to the provider who rejected it', async () => {
    const { job } = world.assigned({ status: 'rejected' });
    world.jobs.rows.update(job.id, { status: 'open' });

    await expect(sut.execute(job.id, aCallMeta(world.provider))).rejects.toMatchObject({
      code: 'BR_RULE_VIOLATED',
      message: expect.stringContaining('rejected'),
    });
    expect(world.tx.rolledBack).toBe(1);
  });

  it.each(['customer', 'admin'] as const)('refuses a %s: only providers accept jobs', async (role) => {
    await expect(sut.execute(world.openJob().id, callAs(role))).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
  });

  it('answers a missing job with not-found', async () => {
    world.practitioner();
    await expect(sut.execute(world.stranger().user_id, aCallMeta(world.provider))).rejects.toMatchObject({
      code: 'NF_RESOURCE',
    });
  });
});
