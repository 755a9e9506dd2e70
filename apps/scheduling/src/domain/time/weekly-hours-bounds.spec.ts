import { DST_CASES } from './dst-cases.fixture';
import { DAY_MS, Span } from './span';
import { expandWorkingBoundsInto, expandWorkingSpans, WeeklyHours } from './weekly-hours';
import { ZoneClock } from './zone-clock';

const flat = (spans: Span[]) => spans.flatMap((s) => [s.start, s.end]);

// Hours that touch across midnight, overlap within a day, are listed out of order, and have their
// boundaries inside DST gaps and overlaps (01:30, 02:30, 03:00 locally).
const HOURS: WeeklyHours[] = [
  { 1: [{ start: '09:00', end: '17:00' }] },
  {
    1: [
      { start: '22:00', end: '24:00' },
      { start: '08:00', end: '12:00' },
    ],
    2: [{ start: '00:00', end: '02:30' }],
    7: [
      { start: '01:30', end: '03:00' },
      { start: '02:00', end: '05:00' },
      { start: '12:00', end: '13:00' },
    ],
  },
  Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
  Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '02:30', end: '02:45' }]])),
];

describe(expandWorkingBoundsInto.name, () => {
  it.each(DST_CASES.map((c) => [c.zone, c.day]))(
    'gives expandWorkingSpans’ spans, flat, around %s on %s, for windows of every length and offset',
    (zone, day) => {
      const clock = ZoneClock.for(zone);
      const out: number[] = [7, 7, 7];
      for (const hours of HOURS) {
        for (let startHour = -30; startHour <= 30; startHour += 7) {
          for (const lengthHours of [1, 5, 24, 25, 49]) {
            const start = Date.parse(`${day}T00:00Z`) + startHour * 3_600_000;
            const window = { start, end: start + lengthHours * 3_600_000 };
            expandWorkingBoundsInto(out, hours, clock, window);
            expect(out).toEqual(flat(expandWorkingSpans(hours, clock, window)));
          }
        }
      }
    },
  );

  it('answers nothing for a closed week', () => {
    const out = [1, 2];
    expandWorkingBoundsInto(out, {}, ZoneClock.for('UTC'), { start: 0, end: 7 * DAY_MS });
    expect(out).toEqual([]);
  });
});
