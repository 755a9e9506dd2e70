import { SCHEDULING_EVENTS } from '@slotline/contracts';
import {
  aCallMeta,
  aCreateJobBody,
  anActor,
  callAs,
  InMemoryTransactions,
  RecordingOutbox,
  substitute,
} from '@slotline/testing';
import { InMemoryJobsRepository } from '../testing/in-memory-jobs.repository';
import { InMemoryResourcesRepository } from '../testing/in-memory-resources.repository';
import { aJobRecord, aResourceRecord } from '../testing/scheduling-records.factory';
import { JobsService } from './jobs.service';

describe(JobsService.name, () => {
  let tx: InMemoryTransactions;
  let jobs: InMemoryJobsRepository;
  let resources: InMemoryResourcesRepository;
  let outbox: RecordingOutbox;
  let sut: JobsService;

  beforeEach(() => {
    tx = new InMemoryTransactions();
    jobs = new InMemoryJobsRepository(tx);
    resources = new InMemoryResourcesRepository(tx);
    outbox = new RecordingOutbox(tx, 'scheduling');
    sut = new JobsService({
      jobs: substitute(jobs),
      resources: substitute(resources),
      tx: tx.runner,
      outbox: outbox.writer,
    });
  });

  describe('create', () => {
    it('stores an open job of the calling customer and records job.created with it', async () => {
      const customer = anActor('customer');

      const view = await sut.create(aCreateJobBody({ service_type: '  massage  ' }), aCallMeta(customer));

      expect(view).toMatchObject({ customer_id: customer.user_id, service_type: 'massage', status: 'open' });
      expect(jobs.rows.all().map((j) => j.id)).toEqual([view.id]);
      expect(outbox.dataOf(SCHEDULING_EVENTS.jobCreated)).toEqual([
        expect.objectContaining({ job_id: view.id, customer_id: customer.user_id, status: 'open' }),
      ]);
    });

    it.each(['provider', 'admin'] as const)('refuses a %s: only customers create jobs', async (role) => {
      await expect(sut.create(aCreateJobBody(), callAs(role))).rejects.toMatchObject({
        code: 'AUTH_FORBIDDEN',
      });
      expect(jobs.rows.all()).toEqual([]);
    });

    it('refuses an anonymous call', async () => {
      await expect(sut.create(aCreateJobBody(), aCallMeta(null))).rejects.toMatchObject({
        code: 'AUTH_UNAUTHENTICATED',
      });
    });

    it('names the preferred window whose end is not after its start, and stores nothing', async () => {
      const body = aCreateJobBody({
        preferred_windows: [
          { start: '2030-01-07T10:00:00Z', end: '2030-01-07T11:00:00Z' },
          { start: '2030-01-08T10:00:00Z', end: '2030-01-08T10:00:00Z' },
        ],
      });

      await expect(sut.create(body, callAs('customer'))).rejects.toMatchObject({
        code: 'VAL_FAILED',
        errors: [expect.objectContaining({ field: 'preferred_windows.1.end' })],
      });
      expect(jobs.rows.all()).toEqual([]);
      expect(outbox.events).toEqual([]);
    });

    it('rejects a time zone that is not IANA', async () => {
      await expect(
        sut.create(aCreateJobBody({ time_zone: 'Mars/Olympus' }), callAs('customer')),
      ).rejects.toMatchObject({ code: 'BR_INVALID_TIME_ZONE' });
    });

    it('accepts an active room and equipment, counting a repeated equipment id once', async () => {
      const room = resources.rows.insert(aResourceRecord({ kind: 'room' }));
      const drill = resources.rows.insert(aResourceRecord({ kind: 'equipment' }));

      const view = await sut.create(
        aCreateJobBody({ room_id: room.id, equipment_ids: [drill.id, drill.id] }),
        callAs('customer'),
      );

      expect(view).toMatchObject({ room_id: room.id, equipment_ids: [drill.id] });
    });

    it('names each field that points at a missing, inactive or wrong kind of resource', async () => {
      const inactiveRoom = resources.rows.insert(aResourceRecord({ kind: 'room', active: false }));
      const roomAsEquipment = resources.rows.insert(aResourceRecord({ kind: 'room' }));

      const attempt = sut.create(
        aCreateJobBody({ room_id: inactiveRoom.id, equipment_ids: [roomAsEquipment.id] }),
        callAs('customer'),
      );

      // The room is checked first; equipment only once the room is fine.
      await expect(attempt).rejects.toMatchObject({
        code: 'VAL_FAILED',
        errors: [{ field: 'room_id', code: 'unknown_resource', message: expect.any(String) }],
      });
      resources.rows.update(inactiveRoom.id, { active: true });
      await expect(
        sut.create(
          aCreateJobBody({ room_id: inactiveRoom.id, equipment_ids: [roomAsEquipment.id] }),
          callAs('customer'),
        ),
      ).rejects.toMatchObject({ errors: [expect.objectContaining({ field: 'equipment_ids' })] });
      expect(jobs.rows.all()).toEqual([]);
    });
  });

  describe('list and get', () => {
    const customer = anActor('customer');
    const provider = anActor('provider');

    function seed() {
      const mineOpen = jobs.rows.insert(aJobRecord({ customerId: customer.user_id }));
      const mineAssigned = jobs.rows.insert(aJobRecord({ customerId: customer.user_id, status: 'assigned' }));
      const othersOpen = jobs.rows.insert(aJobRecord());
      const othersAssigned = jobs.rows.insert(aJobRecord({ status: 'assigned' }));
      jobs.assignedProviders.set(mineAssigned.id, [provider.user_id]);
      return { mineOpen, mineAssigned, othersOpen, othersAssigned };
    }

    it('shows a customer only their own jobs, newest first', async () => {
      const { mineOpen, mineAssigned } = seed();

      const page = await sut.list({ limit: 20 }, aCallMeta(customer));

      expect(page.items.map((j) => j.id)).toEqual([mineAssigned.id, mineOpen.id]);
    });

    it('shows a provider the open jobs and those they were assigned, not others taken', async () => {
      const { mineOpen, mineAssigned, othersOpen } = seed();

      const page = await sut.list({ limit: 20 }, aCallMeta(provider));

      expect(page.items.map((j) => j.id).sort()).toEqual(
        [mineOpen.id, mineAssigned.id, othersOpen.id].sort(),
      );
    });

    it('pages with a cursor until nothing is left', async () => {
      seed();
      const admin = aCallMeta(anActor('admin'));

      const first = await sut.list({ limit: 3 }, admin);
      const second = await sut.list({ limit: 3, cursor: first.next_cursor! }, admin);

      expect(first).toMatchObject({ has_more: true });
      expect(second).toMatchObject({ has_more: false, next_cursor: null });
      expect(new Set([...first.items, ...second.items].map((j) => j.id)).size).toBe(4);
    });

    it('answers another customer with the same not-found as for a missing job', async () => {
      const { othersOpen } = seed();

      await expect(sut.get(othersOpen.id, aCallMeta(customer))).rejects.toMatchObject({
        code: 'NF_RESOURCE',
      });
      await expect(sut.get(aJobRecord().id, aCallMeta(customer))).rejects.toMatchObject({
        code: 'NF_RESOURCE',
      });
      await expect(sut.get(othersOpen.id, aCallMeta(provider))).resolves.toMatchObject({ id: othersOpen.id });
    });
  });
});
