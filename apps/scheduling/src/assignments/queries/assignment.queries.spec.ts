import { aCallMeta } from '@slotline/testing';
import { AssignmentWorld } from '../../testing/assignment-world';
import { AssignmentQueries } from './assignment.queries';

describe(AssignmentQueries.name, () => {
  let world: AssignmentWorld;
  let sut: AssignmentQueries;

  beforeEach(() => {
    world = new AssignmentWorld();
    sut = new AssignmentQueries(world.ports.assignments);
  });

  it('lists the assignments of a party, newest first, and all of them to an admin', async () => {
    const first = world.assigned().assignment;
    const second = world.assigned().assignment;
    const others = new AssignmentWorld().assigned().assignment;
    world.assignments.rows.insert(others);

    const mine = await sut.list({ limit: 20 }, aCallMeta(world.customer));
    const all = await sut.list({ limit: 20 }, aCallMeta(world.admin));

    expect(mine.items.map((a) => a.id)).toEqual([second.id, first.id]);
    expect(all.items).toHaveLength(3);
  });

  it('filters by status and pages with a cursor', async () => {
    world.assigned();
    world.assigned({ status: 'rejected' });
    world.assigned();

    const awaiting = await sut.list({ limit: 1, status: 'awaiting_schedule' }, aCallMeta(world.provider));
    const rest = await sut.list(
      { limit: 1, status: 'awaiting_schedule', cursor: awaiting.next_cursor! },
      aCallMeta(world.provider),
    );

    expect(awaiting).toMatchObject({ has_more: true });
    expect(rest).toMatchObject({ has_more: false, items: [{ status: 'awaiting_schedule' }] });
    expect(rest.items[0].id).not.toBe(awaiting.items[0].id);
  });

  it('answers a stranger with the same not-found as for a missing id', async () => {
    const { assignment } = world.assigned();

    await expect(sut.get(assignment.id, aCallMeta(world.stranger('provider')))).rejects.toMatchObject({
      code: 'NF_RESOURCE',
    });
    await expect(sut.get(assignment.id, aCallMeta(world.provider))).resolves.toMatchObject({
      id: assignment.id,
      status: 'awaiting_schedule',
    });
  });

  it('refuses an anonymous call', async () => {
    await expect(sut.list({ limit: 20 }, aCallMeta(null))).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
    });
  });
});
