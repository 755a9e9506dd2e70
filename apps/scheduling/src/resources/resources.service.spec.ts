import { encodeCursor, SCHEDULING_EVENTS } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';
import {
  aCallMeta,
  aCreateResourceCommand,
  anActor,
  InMemoryTransactions,
  RecordingOutbox,
  substitute,
} from '@slotline/testing';
import { InMemoryResourcesRepository } from '../testing/in-memory-resources.repository';
import { aPractitionerRecord, aResourceRecord } from '../testing/scheduling-records.factory';
import { ResourcesService } from './resources.service';

describe(ResourcesService.name, () => {
  const NOW = new Date('2030-01-07T00:00:00Z');
  const admin = aCallMeta(anActor('admin'));
  let tx: InMemoryTransactions;
  let repo: InMemoryResourcesRepository;
  let outbox: RecordingOutbox;
  let sut: ResourcesService;

  beforeEach(() => {
    tx = new InMemoryTransactions();
    repo = new InMemoryResourcesRepository(tx);
    outbox = new RecordingOutbox(tx, 'scheduling');
    sut = new ResourcesService({
      repo: substitute(repo),
      tx: tx.runner,
      outbox: outbox.writer,
      now: () => NOW,
    });
  });

  describe('create', () => {
    it('stores a room with only the days that have hours, and announces it', async () => {
      const view = await sut.create(
        aCreateResourceCommand({
          name: '  Blue room ',
          weekly_hours: { monday: [{ start: '09:00', end: '17:00' }], tuesday: [] },
          buffer_after_minutes: 15,
        }),
        admin,
      );

      expect(view).toMatchObject({ kind: 'room', name: 'Blue room', buffer_after_minutes: 15, active: true });
      expect(repo.rows.get(view.id)?.weeklyHours).toEqual({ monday: [{ start: '09:00', end: '17:00' }] });
      expect(outbox.types()).toEqual([SCHEDULING_EVENTS.resourceCreated]);
    });

    it('needs the provider account for a practitioner, and refuses one for a room', async () => {
      await expect(sut.create(aCreateResourceCommand({ kind: 'practitioner' }), admin)).rejects.toMatchObject(
        {
          code: 'VAL_FAILED',
          errors: [expect.objectContaining({ field: 'user_id', code: 'isDefined' })],
        },
      );
      await expect(
        sut.create(aCreateResourceCommand({ kind: 'room', user_id: uuidv7() }), admin),
      ).rejects.toMatchObject({
        errors: [expect.objectContaining({ field: 'user_id', code: 'unknown_field' })],
      });
      expect(repo.rows.all()).toEqual([]);
    });

    it('gives a provider one practitioner record only', async () => {
      const userId = uuidv7();
      await sut.create(aCreateResourceCommand({ kind: 'practitioner', user_id: userId }), admin);

      await expect(
        sut.create(aCreateResourceCommand({ kind: 'practitioner', user_id: userId }), admin),
      ).rejects.toMatchObject({ code: 'CF_CONFLICT' });
      expect(repo.rows.all()).toHaveLength(1);
      expect(outbox.events).toHaveLength(1);
    });

    it('names the day whose hours run backwards, and rejects a zone that is not IANA', async () => {
      await expect(
        sut.create(
          aCreateResourceCommand({ weekly_hours: { friday: [{ start: '17:00', end: '09:00' }] } }),
          admin,
        ),
      ).rejects.toMatchObject({
        code: 'VAL_FAILED',
        errors: [expect.objectContaining({ field: expect.stringMatching(/^weekly_hours\.friday/) })],
      });
      await expect(
        sut.create(aCreateResourceCommand({ time_zone: 'Nowhere/Land' }), admin),
      ).rejects.toMatchObject({
        code: 'BR_INVALID_TIME_ZONE',
      });
    });
  });

  describe('update and deactivate', () => {
    it('writes only what changed and names it in resource.updated', async () => {
      const room = repo.rows.insert(aResourceRecord({ name: 'Blue' }));

      const view = await sut.update(
        { kind: 'room', id: room.id, name: 'Green', time_zone: 'UTC', buffer_before_minutes: 10 },
        admin,
      );

      expect(view).toMatchObject({ name: 'Green', buffer_before_minutes: 10 });
      expect(outbox.dataOf(SCHEDULING_EVENTS.resourceUpdated)).toEqual([
        expect.objectContaining({ changed: ['name', 'buffer_before_minutes'] }),
      ]);
    });

    it('announces nothing when nothing changes', async () => {
      const room = repo.rows.insert(aResourceRecord({ name: 'Blue' }));

      await sut.update({ kind: 'room', id: room.id, name: ' Blue ' }, admin);

      expect(outbox.events).toEqual([]);
    });

    it('deactivates once: a second deactivation is a no-op', async () => {
      const room = repo.rows.insert(aResourceRecord());

      await sut.deactivate({ kind: 'room', id: room.id }, admin);
      const again = await sut.deactivate({ kind: 'room', id: room.id }, admin);

      expect(again.active).toBe(false);
      expect(outbox.types()).toEqual([SCHEDULING_EVENTS.resourceDeactivated]);
    });

    it('does not find a room under another kind', async () => {
      const room = repo.rows.insert(aResourceRecord({ kind: 'room' }));

      await expect(sut.get({ kind: 'equipment', id: room.id })).rejects.toMatchObject({
        code: 'NF_RESOURCE',
      });
      await expect(sut.deactivate({ kind: 'practitioner', id: room.id }, admin)).rejects.toMatchObject({
        code: 'NF_RESOURCE',
      });
      expect(repo.rows.get(room.id)?.active).toBe(true);
    });
  });

  describe('time off', () => {
    const at = (iso: string) => `2030-01-${iso}Z`;

    it('adds time off that hides no booked visit, and lists it earliest first', async () => {
      const p = repo.rows.insert(aPractitionerRecord(uuidv7()));

      const later = await sut.addTimeOff(
        'practitioner',
        p.id,
        { start: at('10T09:00:00'), end: at('10T12:00:00') },
        admin,
      );
      const earlier = await sut.addTimeOff(
        'practitioner',
        p.id,
        { start: at('08T09:00:00'), end: at('08T12:00:00'), reason: 'dentist' },
        admin,
      );

      const page = await sut.listTimeOff('practitioner', p.id, { limit: 1 });
      const rest = await sut.listTimeOff('practitioner', p.id, { limit: 1, cursor: page.next_cursor! });
      expect(page.items.map((t) => t.id)).toEqual([earlier.id]);
      expect(rest.items.map((t) => t.id)).toEqual([later.id]);
      expect(outbox.types()).toEqual([SCHEDULING_EVENTS.timeOffAdded, SCHEDULING_EVENTS.timeOffAdded]);
    });

    it('refuses time off over a booked visit with the kind’s busy code and the clash, storing nothing', async () => {
      const room = repo.rows.insert(aResourceRecord({ kind: 'room' }));
      repo.book(room.id, new Date(at('10T10:00:00')), new Date(at('10T11:00:00')));

      await expect(
        sut.addTimeOff('room', room.id, { start: at('10T09:00:00'), end: at('10T12:00:00') }, admin),
      ).rejects.toMatchObject({
        code: 'CF_ROOM_BUSY',
        details: { resource_id: room.id, clashing: { start: '2030-01-10T10:00:00+00:00' } },
      });
      expect(repo.timeOff.all()).toEqual([]);
      expect(outbox.events).toEqual([]);
    });

    it.each([
      ['an end before the start', at('10T12:00:00'), at('10T09:00:00')],
      ['more than 366 days', '2030-01-01T00:00:00Z', '2031-01-03T00:00:00Z'],
    ])('rejects %s, naming `end`', async (_case, start, end) => {
      const room = repo.rows.insert(aResourceRecord());

      await expect(sut.addTimeOff('room', room.id, { start, end }, admin)).rejects.toMatchObject({
        code: 'VAL_FAILED',
        errors: [expect.objectContaining({ field: 'end' })],
      });
    });

    it('lists from now by default, and rejects a range that ends before it starts', async () => {
      const room = repo.rows.insert(aResourceRecord());
      repo.timeOff.insert({
        id: uuidv7(),
        resourceId: room.id,
        start: new Date('2029-12-01T00:00:00Z'),
        end: new Date('2029-12-02T00:00:00Z'),
        reason: null,
        createdAt: NOW,
      });

      expect((await sut.listTimeOff('room', room.id, { limit: 20 })).items).toEqual([]);
      await expect(
        sut.listTimeOff('room', room.id, { limit: 20, from: at('10T00:00:00'), to: at('09T00:00:00') }),
      ).rejects.toMatchObject({ errors: [expect.objectContaining({ field: 'to' })] });
      await expect(
        sut.listTimeOff('room', room.id, {
          limit: 20,
          cursor: encodeCursor({ start: 'soon', id: uuidv7() }),
        }),
      ).rejects.toMatchObject({ code: 'VAL_CURSOR' });
    });

    it('removes time off of that resource only', async () => {
      const a = repo.rows.insert(aResourceRecord());
      const b = repo.rows.insert(aResourceRecord());
      const off = await sut.addTimeOff(
        'room',
        a.id,
        { start: at('10T09:00:00'), end: at('10T12:00:00') },
        admin,
      );

      await expect(sut.removeTimeOff('room', b.id, off.id, admin)).rejects.toMatchObject({
        code: 'NF_RESOURCE',
      });
      await sut.removeTimeOff('room', a.id, off.id, admin);

      expect(repo.timeOff.all()).toEqual([]);
      expect(outbox.types()).toEqual([SCHEDULING_EVENTS.timeOffAdded, SCHEDULING_EVENTS.timeOffRemoved]);
    });
  });
});
