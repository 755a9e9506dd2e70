import { aResource, at, between } from '../testing/resource-calendar.factory';
import { toSpan } from '../time/interval';
import { mergeSpans, MINUTE_MS, widenSpan } from '../time/span';
import { blockedBounds, slotCalendarOf } from './slot-calendar';

describe(blockedBounds.name, () => {
  const sut = blockedBounds;

  it('merges time off and buffered bookings as mergeSpans does, in or out of order', () => {
    const time_off = [
      between('2024-03-04T12:00Z', '2024-03-04T13:00Z'),
      between('2024-03-04T08:00Z', '2024-03-04T09:00Z'),
    ];
    const bookings = [
      at('2024-03-04T09:30Z', 30), // its buffers touch the first time off
      at('2024-03-04T15:00Z', 60),
      at('2024-03-04T12:30Z', 60), // inside, then past, the second time off
      at('2024-03-04T15:00Z', 60), // the same window twice
      at('2024-03-04T18:00Z', 15),
    ];
    const buffers = { before_minutes: 10, after_minutes: 20 };
    const pad = 30 * MINUTE_MS;
    const expected = mergeSpans([
      ...time_off.map(toSpan),
      ...bookings.map((b) => widenSpan(toSpan(b), pad, pad)),
    ]).flatMap((s) => [s.start, s.end]);
    const flat = (list: typeof bookings) => list.flatMap((i) => [i.start.getTime(), i.end.getTime()]);
    const sorted = (list: typeof bookings) => [...list].sort((a, b) => a.start.getTime() - b.start.getTime());

    expect(sut({ buffers, time_off: flat(time_off), bookings: flat(bookings) })).toEqual(expected);
    expect(sut({ buffers, time_off: flat(sorted(time_off)), bookings: flat(sorted(bookings)) })).toEqual(
      expected,
    );
    expect(slotCalendarOf(aResource({ id: 'p', time_off, bookings, buffers })).blocked).toEqual(expected);
  });

  it('is empty when nothing blocks the resource', () => {
    expect(sut({ buffers: { before_minutes: 5, after_minutes: 5 }, time_off: [], bookings: [] })).toEqual([]);
  });
});
