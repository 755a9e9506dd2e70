import { CapacityQuery } from '@slotline/contracts';
import { Queryable, uuidv7 } from '@slotline/persistence';
import { aCallMeta, anActor, callAs, InMemoryTransactions, substitute } from '@slotline/testing';
import { CalendarLoader } from '../booking/calendar-loader';
import { BookingsRepository } from '../booking/bookings.repository';
import { InMemoryResourcesRepository } from '../testing/in-memory-resources.repository';
import { aPractitionerRecord, aResourceRecord } from '../testing/scheduling-records.factory';
import { CapacityService } from './capacity.service';

const DAY = { from: '2030-01-07T00:00:00.000Z', to: '2030-01-08T00:00:00.000Z' };
const at = (hhmm: string) => new Date(`2030-01-07T${hhmm}:00Z`);

describe(CapacityService.name, () => {
  const admin = aCallMeta(anActor('admin'));
  let resources: InMemoryResourcesRepository;
  let sut: CapacityService;

  beforeEach(() => {
    resources = new InMemoryResourcesRepository(new InMemoryTransactions());
    const calendars = new CalendarLoader(
      substitute<BookingsRepository>({ findCalendarEntries: (...a) => resources.findCalendarEntries(...a) }),
      {} as Queryable,
    );
    sut = new CapacityService(substitute(resources), calendars);
  });

  function query(overrides: Partial<CapacityQuery> = {}): CapacityQuery {
    return { ...DAY, group_by: 'practitioner', ...overrides };
  }

  it('reports booked against available minutes per practitioner, named, with the total', async () => {
    const pat = resources.rows.insert(aPractitionerRecord(uuidv7(), { name: 'Pat' }));
    const sam = resources.rows.insert(aPractitionerRecord(uuidv7(), { name: 'Sam' }));
    resources.book(pat.id, at('09:00'), at('11:00'));
    resources.timeOff.insert({
      id: uuidv7(),
      resourceId: sam.id,
      start: at('00:00'),
      end: at('12:00'),
      reason: null,
      createdAt: new Date(),
    });

    const view = await sut.compute(query(), admin);

    expect(view).toMatchObject({ from: DAY.from, to: DAY.to, group_by: 'practitioner' });
    expect(view.rows).toEqual(
      expect.arrayContaining([
        { key: pat.id, name: 'Pat', available_minutes: 1440, booked_minutes: 120, utilisation: 0.0833 },
        { key: sam.id, name: 'Sam', available_minutes: 720, booked_minutes: 0, utilisation: 0 },
      ]),
    );
    expect(view.total).toEqual({ available_minutes: 2160, booked_minutes: 120, utilisation: 0.0556 });
  });

  it('leaves out inactive resources and those of another kind when none are named', async () => {
    const room = resources.rows.insert(aResourceRecord({ kind: 'room' }));
    resources.rows.insert(aResourceRecord({ kind: 'room', active: false }));
    resources.rows.insert(aPractitionerRecord(uuidv7()));

    const view = await sut.compute(query({ group_by: 'room' }), admin);

    expect(view.rows.map((r) => r.key)).toEqual([room.id]);
  });

  it('groups practitioners by daypart, without names', async () => {
    const pat = resources.rows.insert(aPractitionerRecord(uuidv7()));
    resources.book(pat.id, at('09:00'), at('10:00'));

    const view = await sut.compute(query({ group_by: 'daypart' }), admin);

    expect(view.rows.map((r) => r.key)).toEqual(['morning', 'afternoon', 'evening']);
    expect(view.rows.every((r) => r.name === null)).toBe(true);
    expect(view.total.booked_minutes).toBe(60);
  });

  it('counts a resource named twice once, and an empty report utilises nothing', async () => {
    const room = resources.rows.insert(aResourceRecord({ kind: 'room', weeklyHours: {} }));

    const view = await sut.compute(query({ group_by: 'room', resource_ids: [room.id, room.id] }), admin);

    expect(view.rows).toHaveLength(1);
    expect(view.total).toEqual({ available_minutes: 0, booked_minutes: 0, utilisation: 0 });
  });

  it('names every requested id that is missing or of another kind', async () => {
    const room = resources.rows.insert(aResourceRecord({ kind: 'room' }));
    const pat = resources.rows.insert(aPractitionerRecord(uuidv7()));
    const missing = uuidv7();

    await expect(
      sut.compute(query({ group_by: 'room', resource_ids: [room.id, pat.id, missing] }), admin),
    ).rejects.toMatchObject({ code: 'NF_RESOURCE', details: { ids: [pat.id, missing] } });
  });

  it.each([
    ['ends before it starts', { from: DAY.to, to: DAY.from }, 'to must be after from'],
    [
      'spans more than 92 days',
      { from: DAY.from, to: '2030-04-10T00:00:00.000Z' },
      'the range may span at most 92 days',
    ],
  ])('refuses a range that %s', async (_what, range, message) => {
    await expect(sut.compute(query(range), admin)).rejects.toMatchObject({
      code: 'VAL_FAILED',
      errors: [expect.objectContaining({ field: 'to', message })],
    });
  });

  it.each(['customer', 'provider'] as const)('refuses a %s: capacity is for admins', async (role) => {
    await expect(sut.compute(query(), callAs(role))).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
  });
});
