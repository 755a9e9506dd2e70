import { AppError } from '@slotline/errors';
import { Queryable, uuidv7 } from '@slotline/persistence';
import { InMemoryTransactions, substitute } from '@slotline/testing';
import { InMemoryBookingsRepository } from '../testing/in-memory-bookings.repository';
import { InMemoryResourcesRepository } from '../testing/in-memory-resources.repository';
import { aPractitionerRecord, aResourceRecord } from '../testing/scheduling-records.factory';
import { CalendarLoader } from './calendar-loader';
import { BookingRequest, SchedulingService } from './scheduling.service';

const at = (hhmm: string) => new Date(`2030-01-07T${hhmm}:00Z`);
const win = (from: string, to: string) => ({ start: at(from), end: at(to) });

describe(SchedulingService.name, () => {
  let tx: InMemoryTransactions;
  let resources: InMemoryResourcesRepository;
  let bookings: InMemoryBookingsRepository;
  let sut: SchedulingService;
  let pat: string;

  beforeEach(() => {
    tx = new InMemoryTransactions();
    resources = new InMemoryResourcesRepository(tx);
    bookings = new InMemoryBookingsRepository(tx, resources);
    sut = new SchedulingService({
      resources: substitute(resources),
      bookings: substitute(bookings),
      calendars: new CalendarLoader(substitute(bookings), {} as Queryable),
      now: () => new Date('2030-01-06T00:00:00Z'),
    });
    pat = resources.rows.insert(aPractitionerRecord(uuidv7(), { timeZone: 'Europe/Berlin' })).id;
  });

  const commit = (request: BookingRequest, assignmentId = uuidv7()) =>
    tx.runner.run((m) => sut.commit(m as unknown as Queryable, assignmentId, request));

  describe('plan', () => {
    it('finds a free window feasible, practitioner first, in their zone, and writes nothing', async () => {
      const room = resources.rows.insert(aResourceRecord({ kind: 'room' })).id;
      const drill = resources.rows.insert(aResourceRecord({ kind: 'equipment' })).id;

      const plan = await sut.plan({
        window: win('09:00', '10:00'),
        practitionerId: pat,
        roomId: room,
        equipmentIds: [drill, drill],
      });

      expect(plan).toMatchObject({ feasible: true, violations: [], timeZone: 'Europe/Berlin' });
      expect(plan.resources.map((r) => r.id)).toEqual([pat, room, drill]);
      expect(bookings.rows.all()).toEqual([]);
    });

    it('names the clash and offers the next free windows of the same length', async () => {
      await commit({ window: win('09:00', '10:00'), practitionerId: pat });

      const plan = await sut.plan({ window: win('09:30', '10:30'), practitionerId: pat });

      expect(plan.feasible).toBe(false);
      expect(plan.violations).toEqual([
        expect.objectContaining({ code: 'CF_PRACTITIONER_BUSY', resource_id: pat }),
      ]);
      expect(plan.alternatives[0]).toEqual(win('10:00', '11:00'));
    });

    it.each([
      ['missing', () => uuidv7()],
      [
        'deactivated',
        (r: InMemoryResourcesRepository) =>
          r.rows.insert(aResourceRecord({ kind: 'room', active: false })).id,
      ],
      [
        'of another kind',
        (r: InMemoryResourcesRepository) => r.rows.insert(aResourceRecord({ kind: 'equipment' })).id,
      ],
    ])('refuses a room that is %s, naming it', async (_what, makeRoom) => {
      const roomId = makeRoom(resources);

      await expect(
        sut.plan({ window: win('09:00', '10:00'), practitionerId: pat, roomId }),
      ).rejects.toMatchObject({
        code: 'BR_RULE_VIOLATED',
        details: { resource_id: roomId, resource_kind: 'room' },
      });
    });
  });

  describe('commit', () => {
    it('books every resource of the request in one booking', async () => {
      const room = resources.rows.insert(aResourceRecord({ kind: 'room' })).id;
      const assignmentId = uuidv7();

      const booked = await commit(
        { window: win('09:00', '10:00'), practitionerId: pat, roomId: room },
        assignmentId,
      );

      expect(booked).toMatchObject({ window: win('09:00', '10:00'), released: null });
      expect(bookings.active()).toEqual([
        {
          id: booked.bookingId,
          assignmentId,
          ...win('09:00', '10:00'),
          active: true,
          resources: [
            { resourceId: pat, kind: 'practitioner' },
            { resourceId: room, kind: 'room' },
          ],
        },
      ]);
    });

    it('refuses a taken window with the clash code and keeps only the first booking', async () => {
      const first = await commit({ window: win('09:00', '10:00'), practitionerId: pat });

      await expect(commit({ window: win('09:30', '10:30'), practitionerId: pat })).rejects.toMatchObject({
        code: 'CF_PRACTITIONER_BUSY',
        details: expect.objectContaining({ resource_id: pat, alternatives: [] }),
      });
      expect(bookings.active().map((b) => b.id)).toEqual([first.bookingId]);
    });

    it('moves a booking onto a window overlapping its own, releasing the old one', async () => {
      const old = await commit({ window: win('09:00', '10:00'), practitionerId: pat });

      const moved = await commit({
        window: win('09:30', '10:30'),
        practitionerId: pat,
        replacesBookingId: old.bookingId,
      });

      expect(moved.released).toMatchObject({ id: old.bookingId, active: false });
      expect(bookings.active()).toEqual([
        expect.objectContaining({ id: moved.bookingId, ...win('09:30', '10:30') }),
      ]);
      expect(bookings.rows.get(old.bookingId)).toMatchObject({ releaseReason: 'rescheduled' });
    });
  });

  describe('rollback', () => {
    it('releases a booking once; a second release finds nothing', async () => {
      const booked = await commit({ window: win('09:00', '10:00'), practitionerId: pat });

      const first = await tx.runner.run((m) =>
        sut.rollback(m as unknown as Queryable, booked.bookingId, 'cancelled'),
      );
      const second = await tx.runner.run((m) =>
        sut.rollback(m as unknown as Queryable, booked.bookingId, 'cancelled'),
      );

      expect(first).toMatchObject({ id: booked.bookingId, active: false });
      expect(second).toBeNull();
      expect(bookings.active()).toEqual([]);
    });
  });

  describe('explainLostRace', () => {
    it('adds the alternatives to a refusal from commit', async () => {
      await commit({ window: win('09:00', '10:00'), practitionerId: pat });
      const request = { window: win('09:30', '10:30'), practitionerId: pat };
      const refused = await commit(request).catch((e: unknown) => e);

      const explained = await sut.explainLostRace(refused, request);

      expect(explained).toMatchObject({
        code: 'CF_PRACTITIONER_BUSY',
        details: expect.objectContaining({
          alternatives: expect.arrayContaining([
            { start: '2030-01-07T11:00:00+01:00', end: '2030-01-07T12:00:00+01:00' },
          ]),
          time_zone: 'Europe/Berlin',
        }),
      });
    });

    it('explains a busy code lost at the constraint, which carries no details', async () => {
      await commit({ window: win('09:00', '10:00'), practitionerId: pat });
      const lost = new AppError(
        'CF_PRACTITIONER_BUSY',
        'conflicting key value violates exclusion constraint',
      );

      const explained = await sut.explainLostRace(lost, {
        window: win('09:00', '10:00'),
        practitionerId: pat,
      });

      expect(explained).not.toBe(lost);
      expect(explained).toMatchObject({
        code: 'CF_PRACTITIONER_BUSY',
        details: expect.objectContaining({ resource_id: pat }),
      });
    });

    it('passes on other errors, and a busy code the window no longer shows, unchanged', async () => {
      const other = new Error('connection reset');
      const stale = new AppError('CF_PRACTITIONER_BUSY', 'lost');
      const request = { window: win('09:00', '10:00'), practitionerId: pat };

      await expect(sut.explainLostRace(other, request)).resolves.toBe(other);
      await expect(sut.explainLostRace(stale, request)).resolves.toBe(stale);
    });
  });
});
