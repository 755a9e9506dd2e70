import { allWeek, aResource, aRoom, at, between } from '../testing/resource-calendar.factory';
import { explainSlot } from './explain-slot';
import { findFreeSlotInstants, findFreeSlotPage, FreeSlotInstant } from './find-free-slots';

// Three practitioners in three zones over a European DST night (2024-03-31), with bookings, buffers,
// time off and a shared room: the paged walk must give exactly the whole list, page after page.
const query = {
  resources: [
    aResource({
      id: 'b-london',
      time_zone: 'Europe/London',
      weekly_hours: allWeek({ start: '08:00', end: '18:00' }),
      bookings: [at('2024-03-29T10:00Z', 60), at('2024-04-01T09:30Z', 90)],
      buffers: { before_minutes: 15, after_minutes: 15 },
    }),
    aResource({ id: 'a-utc', time_off: [between('2024-03-28T12:00Z', '2024-03-29T12:00Z')] }),
    aResource({
      id: 'c-berlin',
      time_zone: 'Europe/Berlin',
      weekly_hours: allWeek({ start: '07:00', end: '12:00' }, { start: '13:00', end: '19:00' }),
    }),
    aResource({ id: 'a-utc-2' }),
  ],
  room: aRoom({ time_zone: 'UTC', weekly_hours: allWeek({ start: '06:00', end: '20:00' }) }),
  range: between('2024-03-27T00:00Z', '2024-04-03T00:00Z'),
  durationMinutes: 45,
  stepMinutes: 15,
};

function walk(limit: number, q: Parameters<typeof findFreeSlotPage>[0] = query): FreeSlotInstant[][] {
  const pages: FreeSlotInstant[][] = [];
  let after: { start: number; resourceId: string } | undefined;
  for (;;) {
    const { items, hasMore } = findFreeSlotPage(q, { after, limit });
    pages.push(items);
    if (!hasMore) return pages;
    const last = items[items.length - 1];
    after = { start: last.start, resourceId: last.resource_id };
  }
}

describe(findFreeSlotPage.name, () => {
  const all = findFreeSlotInstants(query);

  it.each([1, 7, 100, all.length, all.length + 1])(
    'pages of %i give the whole list in order, with has_more on every page but the last',
    (limit) => {
      const pages = walk(limit);
      expect(pages.flat()).toEqual(all);
      expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
      expect(pages[pages.length - 1].length).toBeLessThanOrEqual(limit);
    },
  );

  // Free time is worked out a day at a time: slots longer than a day, and slots across midnight in
  // zones away from UTC, must come out exactly as in the whole list.
  it.each([20, 90, 26 * 60])(
    'pages of %i-minute slots across days give the whole list',
    (durationMinutes) => {
      const long = {
        ...query,
        resources: [
          ...query.resources,
          aResource({
            id: 'd-sydney',
            time_zone: 'Australia/Sydney',
            weekly_hours: allWeek({ start: '00:00', end: '24:00' }),
            bookings: [at('2024-03-30T02:00Z', 120)],
          }),
          aResource({
            id: 'e-new-york',
            time_zone: 'America/New_York',
            weekly_hours: allWeek({ start: '00:00', end: '24:00' }),
            time_off: [between('2024-03-31T00:00Z', '2024-03-31T06:00Z')],
            buffers: { before_minutes: 30, after_minutes: 0 },
            bookings: [at('2024-04-01T23:00Z', 60)],
          }),
        ],
        room: undefined,
        durationMinutes,
        stepMinutes: 30,
      };
      const whole = findFreeSlotInstants(long);
      expect(whole.length).toBeGreaterThan(0);
      expect(walk(37, long).flat()).toEqual(whole);
    },
  );

  it('orders slots that start together by resource id, and resumes between them', () => {
    const same = all.findIndex((s, i) => all[i + 1]?.start === s.start);
    expect(same).toBeGreaterThanOrEqual(0);
    const { items } = findFreeSlotPage(query, {
      after: { start: all[same].start, resourceId: all[same].resource_id },
      limit: 1,
    });
    expect(items).toEqual([all[same + 1]]);
  });

  // Each day asks only about the bookings near it: bookings and time off that cross midnight, with
  // buffers, must still block exactly the windows the booking rules refuse.
  it('offers exactly the windows explainSlot allows, day after day of bookings across midnight', () => {
    const practitioner = aResource({
      id: 'p-night',
      time_zone: 'Asia/Kolkata',
      weekly_hours: allWeek({ start: '00:00', end: '24:00' }),
      buffers: { before_minutes: 10, after_minutes: 20 },
      bookings: Array.from({ length: 6 }, (_, d) => at(`2024-03-0${4 + d}T18:${d}5Z`, 50 + 20 * d)),
      time_off: [between('2024-03-06T23:00Z', '2024-03-07T01:30Z')],
    });
    const range = between('2024-03-04T00:00Z', '2024-03-10T00:00Z');
    const q = { resources: [practitioner], range, durationMinutes: 40, stepMinutes: 15 };
    const offered = new Set(
      walk(37, q)
        .flat()
        .map((s) => s.start),
    );
    const refusedOrOffered: string[] = [];
    for (let t = range.start.getTime(); t + 40 * 60_000 <= range.end.getTime(); t += 15 * 60_000) {
      const window = at(new Date(t).toISOString(), 40);
      const { available } = explainSlot({ resources: [practitioner], window });
      if (available !== offered.has(t)) refusedOrOffered.push(`${window.start.toISOString()} ${available}`);
    }
    expect(refusedOrOffered).toEqual([]);
    expect(offered.size).toBeGreaterThan(400);
  });

  it('says there is nothing more after the last slot', () => {
    const last = all[all.length - 1];
    expect(
      findFreeSlotPage(query, { after: { start: last.start, resourceId: last.resource_id }, limit: 5 }),
    ).toEqual({
      items: [],
      hasMore: false,
    });
  });
});
