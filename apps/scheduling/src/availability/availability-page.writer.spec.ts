import { AvailabilityView, encodeCursor } from '@slotline/contracts';
import { formatInstant, freeSlotPage, SlotCalendar, slotCalendarOf } from '../domain';
import {
  allWeek,
  aResource,
  aRoom,
  at,
  between,
  weekdays,
} from '../domain/testing/resource-calendar.factory';
import { AvailabilityPage, writeAvailabilityPage } from './availability-page.writer';

/** The view as the service built it before it wrote the JSON text itself: the reference output. */
function viewOf(p: AvailabilityPage): AvailabilityView {
  return {
    time_zone: p.timeZone,
    duration_minutes: p.durationMinutes,
    step_minutes: p.stepMinutes,
    items: p.page.starts.map((s, i) => ({
      practitioner_id: p.practitionerIds[p.page.resources[i]],
      start: formatInstant(new Date(s), p.timeZone),
      end: formatInstant(new Date(s + p.page.durationMs), p.timeZone),
    })),
    next_cursor: p.nextCursor,
    has_more: p.page.hasMore,
  };
}

// Practitioners in four zones over the US and European DST weekends of 2024 (spring forward on 10 and
// 31 March), with buffers, bookings (one across midnight), time off and a room.
const practitioners: SlotCalendar[] = [
  aResource({
    id: '0190e7a0-0000-7000-8000-00000000000a',
    time_zone: 'America/New_York',
    weekly_hours: allWeek({ start: '00:00', end: '03:30' }, { start: '08:00', end: '18:00' }),
    bookings: [at('2024-03-10T14:00Z', 90), at('2024-03-11T03:30Z', 180)],
    buffers: { before_minutes: 15, after_minutes: 10 },
  }),
  aResource({
    id: '0190e7a0-0000-7000-8000-00000000000b',
    time_zone: 'Europe/London',
    weekly_hours: weekdays({ start: '07:00', end: '19:00' }),
    time_off: [between('2024-03-11T12:00Z', '2024-03-12T09:00Z')],
  }),
  aResource({ id: '0190e7a0-0000-7000-8000-00000000000c', time_zone: 'Asia/Kolkata' }),
  aResource({
    id: '0190e7a0-0000-7000-8000-00000000000d',
    time_zone: 'Australia/Sydney',
    weekly_hours: allWeek({ start: '06:00', end: '22:00' }),
  }),
].map(slotCalendarOf);

describe(writeAvailabilityPage.name, () => {
  const sut = writeAvailabilityPage;

  it.each([
    ['UTC', 45, 15, undefined],
    ['America/New_York', 60, 30, undefined],
    ['Europe/Berlin', 20, 5, undefined],
    [
      'Asia/Kathmandu',
      60,
      15,
      slotCalendarOf(aRoom({ weekly_hours: allWeek({ start: '05:00', end: '23:00' }) })),
    ],
  ])(
    'writes, page after page, exactly the bytes JSON.stringify writes for the view (shown in %s, %i-minute slots every %i)',
    (timeZone, durationMinutes, stepMinutes, room) => {
      const range = between('2024-03-09T00:00Z', '2024-03-13T00:00Z');
      const ids = practitioners.map((p) => p.id);
      let after: { start: number; resourceId: string } | undefined;
      let pages = 0;
      for (;;) {
        const page = freeSlotPage(
          { resources: practitioners, room, range, durationMinutes, stepMinutes },
          { after, limit: 41 },
        );
        const count = page.starts.length;
        const last = count
          ? { start: page.starts[count - 1], resourceId: ids[page.resources[count - 1]] }
          : undefined;
        const p: AvailabilityPage = {
          timeZone,
          durationMinutes,
          stepMinutes,
          practitionerIds: ids,
          page,
          nextCursor: page.hasMore && last ? encodeCursor({ s: last.start, r: last.resourceId }) : null,
        };

        expect(sut(p).bytes.equals(Buffer.from(JSON.stringify(viewOf(p))))).toBe(true);

        pages++;
        if (!page.hasMore) break;
        after = last;
      }
      expect(pages).toBeGreaterThan(4);
    },
  );

  it('writes an empty page and escapes what JSON escapes', () => {
    const p: AvailabilityPage = {
      timeZone: 'UTC',
      durationMinutes: 30,
      stepMinutes: 15,
      practitionerIds: [],
      page: { starts: [], resources: [], durationMs: 30 * 60_000, hasMore: false },
      nextCursor: null,
    };
    expect(sut(p).bytes.toString()).toBe(JSON.stringify(viewOf(p)));

    const odd = {
      ...p,
      practitionerIds: ['quote " back\\slash é \u2028'],
      page: { ...p.page, starts: [0], resources: [0] },
    };
    expect(sut(odd).bytes.equals(Buffer.from(JSON.stringify(viewOf(odd))))).toBe(true);
  });
});
