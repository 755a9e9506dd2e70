import { FindAvailabilityQuery } from '@slotline/contracts';
import { Queryable, uuidv7 } from '@slotline/persistence';
import { aCallMeta, callAs, InMemoryTransactions, substitute } from '@slotline/testing';
import { BookingsRepository } from '../booking/bookings.repository';
import { CalendarLoader } from '../booking/calendar-loader';
import { Interval, slotCalendarOf } from '../domain';
import { InMemoryResourcesRepository } from '../testing/in-memory-resources.repository';
import { aPractitionerRecord, aResourceRecord } from '../testing/scheduling-records.factory';
import { AvailabilityService } from './availability.service';

const at = (hhmm: string) => new Date(`2030-01-07T${hhmm}:00Z`);
const iso = (hhmm: string) => at(hhmm).toISOString();

describe(AvailabilityService.name, () => {
  const caller = callAs('customer');
  let now: Date;
  let resources: InMemoryResourcesRepository;
  let sut: AvailabilityService;

  beforeEach(() => {
    now = new Date('2030-01-06T00:00:00+00:00');
    resources = new InMemoryResourcesRepository(new InMemoryTransactions());
    const calendars = new CalendarLoader(
      substitute<BookingsRepository>({ findCalendarEntries: (...a) => resources.findCalendarEntries(...a) }),
      {} as Queryable,
    );
    // The one-statement read (AvailabilityCalendarsRepository) is covered against PostgreSQL by
    // availability-calendars.repository.int-spec.ts; here the same answer is built from the in-memory rows.
    const reads = {
      calendarsOf: async (ids: readonly string[], range: Interval) => {
        const found = await resources.findByIds(ids);
        const loaded = await calendars.load(found, range);
        return new Map(
          found.map((r, i) => [
            r.id,
            { kind: r.kind, active: r.active, calendar: slotCalendarOf(loaded[i]) },
          ]),
        );
      },
    };
    sut = new AvailabilityService({ resources: substitute(resources), calendars, reads, now: () => now });
  });

  /** The page's JSON text, read back. */
  async function find(q: FindAvailabilityQuery, meta: Parameters<AvailabilityService['find']>[1]) {
    return (await sut.find(q, meta)).parse();
  }

  function practitioner(): string {
    return resources.rows.insert(aPractitionerRecord(uuidv7())).id;
  }

  function query(overrides: Partial<FindAvailabilityQuery> = {}): FindAvailabilityQuery {
    return { from: iso('09:00'), to: iso('12:00'), duration_minutes: 60, step_minutes: 60, ...overrides };
  }

  describe('find', () => {
    it('offers the free slots around a booking, in the zone asked for', async () => {
      const pat = practitioner();
      resources.book(pat, at('10:00'), at('11:00'));

      const view = await find(query({ practitioner_ids: [pat], time_zone: 'Europe/Berlin' }), caller);

      expect(view).toMatchObject({ time_zone: 'Europe/Berlin', duration_minutes: 60, has_more: false });
      expect(view.items).toEqual([
        { practitioner_id: pat, start: '2030-01-07T10:00:00+01:00', end: '2030-01-07T11:00:00+01:00' },
        { practitioner_id: pat, start: '2030-01-07T12:00:00+01:00', end: '2030-01-07T13:00:00+01:00' },
      ]);
    });

    it('does not offer slots that have already begun', async () => {
      const pat = practitioner();
      now = at('10:30');

      const view = await find(query({ practitioner_ids: [pat], step_minutes: 30 }), caller);

      expect(view.items.map((s) => s.start)).toEqual([
        '2030-01-07T10:30:00+00:00',
        '2030-01-07T11:00:00+00:00',
      ]);
    });

    it('answers an empty page when the whole range is past', async () => {
      practitioner();
      now = at('13:00');

      await expect(find(query(), caller)).resolves.toMatchObject({
        items: [],
        has_more: false,
        next_cursor: null,
      });
    });

    it('pages with a cursor until every slot has been offered once', async () => {
      const pat = practitioner();
      const first = await find(query({ practitioner_ids: [pat], limit: 2 }), caller);
      const second = await find(
        query({ practitioner_ids: [pat], limit: 2, cursor: first.next_cursor! }),
        caller,
      );

      expect(first).toMatchObject({ has_more: true });
      expect(second).toMatchObject({ has_more: false, next_cursor: null });
      expect([...first.items, ...second.items].map((s) => s.start)).toEqual([
        '2030-01-07T09:00:00+00:00',
        '2030-01-07T10:00:00+00:00',
        '2030-01-07T11:00:00+00:00',
      ]);
    });

    it('reads past the first days when they cannot fill the page, bookings there included', async () => {
      // Working on Fridays only: the first read (a couple of days for a page of 2) finds nothing.
      const pat = resources.rows.insert(
        aPractitionerRecord(uuidv7(), { weeklyHours: { friday: [{ start: '09:00', end: '12:00' }] } }),
      ).id;
      resources.book(pat, new Date('2030-01-11T09:00:00Z'), new Date('2030-01-11T10:00:00Z'));

      const view = await find(
        query({ practitioner_ids: [pat], to: '2030-01-14T00:00:00.000Z', limit: 2 }),
        caller,
      );

      expect(view).toMatchObject({ has_more: false, next_cursor: null });
      expect(view.items.map((s) => s.start)).toEqual([
        '2030-01-11T10:00:00+00:00',
        '2030-01-11T11:00:00+00:00',
      ]);
    });

    it('gives, page after page, exactly the slots of one page of the whole range', async () => {
      const pats = [practitioner(), practitioner(), practitioner()];
      resources.book(pats[0], new Date('2030-01-09T10:00:00Z'), new Date('2030-01-09T13:00:00Z'));
      resources.book(pats[1], new Date('2030-01-10T08:00:00Z'), new Date('2030-01-11T12:00:00Z'));
      const month = (more: Partial<FindAvailabilityQuery>) =>
        query({ practitioner_ids: pats, to: '2030-01-12T00:00:00.000Z', step_minutes: 60, ...more });
      const whole = await find(month({ limit: 1000 }), caller);
      const paged = [];
      for (let cursor: string | undefined; ;) {
        const page = await find(month({ limit: 7, cursor }), caller);
        paged.push(...page.items);
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }

      expect(whole.has_more).toBe(false);
      expect(whole.items.length).toBeGreaterThan(200);
      expect(paged).toEqual(whole.items);
    });

    it('only offers slots in which the named room is free as well', async () => {
      const pat = practitioner();
      const room = resources.rows.insert(aResourceRecord({ kind: 'room' })).id;
      resources.book(room, at('09:00'), at('11:00'));

      const view = await find(query({ practitioner_ids: [pat], room_id: room }), caller);

      expect(view.items.map((s) => s.start)).toEqual(['2030-01-07T11:00:00+00:00']);
    });

    it('asks every active practitioner when none are named', async () => {
      const pat = practitioner();
      resources.rows.insert(aPractitionerRecord(uuidv7(), { active: false }));

      const view = await find(query({ from: iso('09:00'), to: iso('10:00') }), caller);

      expect(view.items.map((s) => s.practitioner_id)).toEqual([pat]);
    });

    it('names the field and the ids of unknown, inactive or wrong-kind resources', async () => {
      const inactive = resources.rows.insert(aPractitionerRecord(uuidv7(), { active: false })).id;
      const room = resources.rows.insert(aResourceRecord({ kind: 'room' })).id;

      await expect(find(query({ practitioner_ids: [inactive, room] }), caller)).rejects.toMatchObject({
        code: 'NF_RESOURCE',
        details: { field: 'practitioner_ids', ids: [inactive, room] },
      });
      await expect(
        find(query({ practitioner_ids: [practitioner()], room_id: uuidv7() }), caller),
      ).rejects.toMatchObject({
        code: 'NF_RESOURCE',
        details: expect.objectContaining({ field: 'room_id' }),
      });
    });

    it('refuses a time zone that is not IANA and a range that ends before it starts', async () => {
      await expect(find(query({ time_zone: 'Mars/Olympus' }), caller)).rejects.toMatchObject({
        code: 'BR_INVALID_TIME_ZONE',
      });
      await expect(find(query({ from: iso('12:00'), to: iso('09:00') }), caller)).rejects.toMatchObject({
        code: 'VAL_FAILED',
      });
    });

    it('refuses an anonymous call', async () => {
      await expect(find(query(), aCallMeta(null))).rejects.toMatchObject({
        code: 'AUTH_UNAUTHENTICATED',
      });
    });
  });

  describe('explain', () => {
    it('says a free slot is available, in the practitioner zone by default', async () => {
      const pat = resources.rows.insert(aPractitionerRecord(uuidv7(), { timeZone: 'Europe/Berlin' })).id;

      const view = await sut.explain(
        { practitioner_id: pat, start: iso('09:00'), duration_minutes: 30 },
        caller,
      );

      expect(view).toEqual({
        available: true,
        start: '2030-01-07T10:00:00+01:00',
        end: '2030-01-07T10:30:00+01:00',
        time_zone: 'Europe/Berlin',
        reasons: [],
      });
    });

    it('gives the reason a slot is taken, reading a local start in the zone asked for', async () => {
      const pat = practitioner();
      resources.book(pat, at('09:00'), at('10:00'));

      const view = await sut.explain(
        {
          practitioner_id: pat,
          local_start: '2030-01-07T10:30',
          time_zone: 'Europe/Berlin',
          duration_minutes: 60,
        },
        caller,
      );

      expect(view).toMatchObject({ available: false, start: '2030-01-07T10:30:00+01:00' });
      expect(view.reasons).toEqual([
        expect.objectContaining({ code: 'CF_PRACTITIONER_BUSY', resource_id: pat }),
      ]);
    });

    it('refuses a request with both or neither of start and local_start', async () => {
      const pat = practitioner();

      await expect(sut.explain({ practitioner_id: pat, duration_minutes: 30 }, caller)).rejects.toMatchObject(
        {
          code: 'VAL_FAILED',
          errors: [expect.objectContaining({ field: 'start', code: 'exactlyOne' })],
        },
      );
    });

    it('names unknown equipment, counting a repeated id once', async () => {
      const pat = practitioner();
      const missing = uuidv7();

      await expect(
        sut.explain(
          {
            practitioner_id: pat,
            equipment_ids: [missing, missing],
            start: iso('09:00'),
            duration_minutes: 30,
          },
          caller,
        ),
      ).rejects.toMatchObject({ code: 'NF_RESOURCE', details: { field: 'equipment_ids', ids: [missing] } });
    });
  });
});
