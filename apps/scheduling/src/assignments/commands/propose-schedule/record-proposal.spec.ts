import { SCHEDULING_EVENTS } from '@slotline/contracts';
import { aCallMeta, futureMonday } from '@slotline/testing';
import { at } from '../../../domain/testing/resource-calendar.factory';
import { AssignmentWorld } from '../../../testing/assignment-world';
import { RecordProposal } from './record-proposal';

describe(RecordProposal.name, () => {
  const start = futureMonday();
  let world: AssignmentWorld;
  let sut: RecordProposal;

  beforeEach(() => {
    world = new AssignmentWorld();
    sut = new RecordProposal(world.ports);
  });

  it('reads a local start in the practitioner zone and proposes the job duration from it', async () => {
    const { job, assignment } = world.assigned({ timeZone: 'Europe/Berlin', durationMinutes: 45 });
    const locked = { job, assignment, side: 'customer' as const };

    const updated = await world.tx.runner.run((m) =>
      sut.record(
        m,
        locked,
        { local_start: '2030-07-01T10:00', schedule_version: 1 },
        aCallMeta(world.customer),
        world.customer,
      ),
    );

    expect(updated.proposedStart).toEqual(new Date('2030-07-01T08:00Z'));
    expect(updated.proposedEnd).toEqual(new Date('2030-07-01T08:45Z'));
    expect(world.outbox.types()).toEqual([SCHEDULING_EVENTS.scheduleProposed]);
  });

  it('logs a proposal on a scheduled visit as a reschedule proposal', async () => {
    const { job, assignment } = world.scheduled(at('2030-02-04T10:00Z', 60));

    const updated = await world.tx.runner.run((m) =>
      sut.record(
        m,
        { job, assignment, side: 'provider' },
        { start: start.toISOString(), schedule_version: 1 },
        aCallMeta(world.provider),
        world.provider,
      ),
    );
    sut.logProposed(updated);

    expect(world.logs()).toContainEqual(
      expect.objectContaining({
        event: 'schedule_updated',
        action: 'reschedule_proposed',
        proposed_by: 'provider',
      }),
    );
  });
});
