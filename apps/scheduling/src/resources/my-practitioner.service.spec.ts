import { SCHEDULING_EVENTS } from '@slotline/contracts';
import {
  aCallMeta,
  anActor,
  callAs,
  InMemoryTransactions,
  RecordingOutbox,
  substitute,
} from '@slotline/testing';
import { InMemoryResourcesRepository } from '../testing/in-memory-resources.repository';
import { aPractitionerRecord } from '../testing/scheduling-records.factory';
import { MyPractitionerService } from './my-practitioner.service';
import { ResourcesService } from './resources.service';

describe(MyPractitionerService.name, () => {
  const provider = anActor('provider');
  const me = aCallMeta(provider);
  let repo: InMemoryResourcesRepository;
  let outbox: RecordingOutbox;
  let sut: MyPractitionerService;

  beforeEach(() => {
    const tx = new InMemoryTransactions();
    repo = new InMemoryResourcesRepository(tx);
    outbox = new RecordingOutbox(tx, 'scheduling');
    const resources = new ResourcesService({ repo: substitute(repo), tx: tx.runner, outbox: outbox.writer });
    sut = new MyPractitionerService(resources, substitute(repo));
  });

  it('creates the provider’s own practitioner, linked to their account, once', async () => {
    const view = await sut.create({ name: 'Pat', time_zone: 'Europe/Berlin', weekly_hours: {} }, me);

    expect(view).toMatchObject({
      kind: 'practitioner',
      user_id: provider.user_id,
      time_zone: 'Europe/Berlin',
    });
    await expect(
      sut.create({ name: 'Pat again', time_zone: 'UTC', weekly_hours: {} }, me),
    ).rejects.toMatchObject({
      code: 'CF_CONFLICT',
    });
  });

  it.each(['customer', 'admin'] as const)('is for providers only, not a %s', async (role) => {
    // create refuses before its first await: over NATS the caller sees the same error either way.
    await expect(async () =>
      sut.create({ name: 'X', time_zone: 'UTC', weekly_hours: {} }, callAs(role)),
    ).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    await expect(sut.get(callAs(role))).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
  });

  it('tells a provider without a profile to create it first', async () => {
    await expect(sut.get(me)).rejects.toMatchObject({
      code: 'NF_RESOURCE',
      message: expect.stringMatching(/create it/),
    });
  });

  it('changes the provider’s own hours and zone, not another provider’s', async () => {
    const mine = repo.rows.insert(aPractitionerRecord(provider.user_id));
    const theirs = repo.rows.insert(aPractitionerRecord(anActor('provider').user_id));

    const view = await sut.updateHours(
      { time_zone: 'Europe/London', weekly_hours: { monday: [{ start: '08:00', end: '12:00' }] } },
      me,
    );

    expect(view).toMatchObject({ id: mine.id, time_zone: 'Europe/London' });
    expect(repo.rows.get(theirs.id)?.timeZone).toBe('UTC');
    expect(outbox.dataOf(SCHEDULING_EVENTS.resourceUpdated)).toEqual([
      expect.objectContaining({ changed: ['weekly_hours', 'time_zone'] }),
    ]);
  });

  it('adds, lists and removes the provider’s own time off', async () => {
    repo.rows.insert(aPractitionerRecord(provider.user_id));

    const off = await sut.addTimeOff({ start: '2031-03-03T09:00:00Z', end: '2031-03-03T17:00:00Z' }, me);
    expect((await sut.listTimeOff({ limit: 20 }, me)).items.map((t) => t.id)).toEqual([off.id]);
    await sut.removeTimeOff(off.id, me);

    expect(repo.timeOff.all()).toEqual([]);
  });
});
