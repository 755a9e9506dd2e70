import { InvalidSchedulingInputError } from '../errors/scheduling-domain.errors';
import { assertValidInterval, Interval, toInterval } from './interval';
import { clipSpans, DAY_MS, mergeSpans, MINUTE_MS, Span } from './span';
import { ZoneClock } from './zone-clock';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A local wall-clock range within one day, `HH:mm`; `end` may be `24:00`. Overnight = two ranges. */
export interface LocalTimeRange {
  start: string;
  end: string;
}

/** Working hours per ISO weekday in the resource's local time; a missing or empty day is closed. */
export type WeeklyHours = Partial<Record<IsoWeekday, LocalTimeRange[]>>;

interface MinuteRange {
  start: number;
  end: number;
}

const HH_MM = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/**
 * Local weekly rules → UTC spans for every local day touching `range`, merged (so Monday 22:00–24:00 and
 * Tuesday 00:00–02:00 form one overnight span) and clipped to `range`. Each boundary is a wall-clock
 * reading resolved on its own: in a DST gap it becomes the transition instant (the first real instant
 * after the skipped readings), in a fall-back overlap its earlier occurrence. So a range's real length is
 * its wall-clock length minus a gap inside it, plus a repeated hour inside it. See docs/scheduling-dst.md.
 */
export function expandWorkingSpans(weekly: WeeklyHours, clock: ZoneClock, range: Span): Span[] {
  const rules = rulesOf(weekly);
  const firstDay = startOfWallDay(clock.toWall(range.start)) - DAY_MS;
  const lastDay = startOfWallDay(clock.toWall(range.end)) + DAY_MS;
  const spans: Span[] = [];
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    for (const rule of rules[isoWeekdayOfWall(day)]) {
      const start = clock.firstInstantAtOrAfter(day + rule.start * MINUTE_MS);
      const end = clock.firstInstantAtOrAfter(day + rule.end * MINUTE_MS);
      if (end > start) spans.push({ start, end });
    }
  }
  return clipSpans(mergeSpans(spans), range);
}

/**
 * {@link expandWorkingSpans} written into `out` as flat bounds (`start0, end0, start1, end1, …`; `out` is
 * emptied first), for the free-slot walk, which asks this of every practitioner for every day it reaches
 * and would otherwise build and sort a dozen span objects each time. Same spans: each day's ranges are
 * kept sorted by start ({@link parseWeeklyHours}) and a boundary's instant never decreases as its
 * reading increases (a gap's readings map to the transition, an overlap's to their earlier occurrence),
 * so the ranges come out in start order and one pass merges and clips them.
 */
export function expandWorkingBoundsInto(
  out: number[],
  weekly: WeeklyHours,
  clock: ZoneClock,
  range: Span,
): void {
  const rules = rulesOf(weekly);
  const firstDay = startOfWallDay(clock.toWall(range.start)) - DAY_MS;
  const lastDay = startOfWallDay(clock.toWall(range.end)) + DAY_MS;
  out.length = 0;
  let start = 0;
  let end = 0;
  let open = false;
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    for (const rule of rules[isoWeekdayOfWall(day)]) {
      const s = clock.firstInstantAtOrAfter(day + rule.start * MINUTE_MS);
      const e = clock.firstInstantAtOrAfter(day + rule.end * MINUTE_MS);
      if (e <= s) continue;
      if (open && s <= end) {
        if (e > end) end = e;
        continue;
      }
      if (open) pushClipped(out, start, end, range);
      start = s;
      end = e;
      open = true;
    }
  }
  if (open) pushClipped(out, start, end, range);
}

function pushClipped(out: number[], start: number, end: number, range: Span): void {
  const s = Math.max(start, range.start);
  const e = Math.min(end, range.end);
  if (s < e) out.push(s, e);
}

/** Public form of {@link expandWorkingSpans}. @throws InvalidTimeZoneError, InvalidSchedulingInputError */
export function expandWorkingHours(weekly: WeeklyHours, timeZone: string, range: Interval): Interval[] {
  const span = assertValidInterval(range, 'range');
  return expandWorkingSpans(weekly, ZoneClock.for(timeZone), span).map(toInterval);
}

/** The same ranges on every day of the week, e.g. dayparts. */
export function everyDay(ranges: LocalTimeRange[]): WeeklyHours {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, ranges])) as WeeklyHours;
}

// Availability asks for a calendar's hours a day at a time, so each calendar's rules are parsed once, not
// once per day (calendars are never changed after they are built; a new one is parsed again).
const parsed = new WeakMap<WeeklyHours, MinuteRange[][]>();

function rulesOf(weekly: WeeklyHours): MinuteRange[][] {
  if (typeof weekly !== 'object' || weekly === null) return parseWeeklyHours(weekly);
  let rules = parsed.get(weekly);
  if (!rules) parsed.set(weekly, (rules = parseWeeklyHours(weekly)));
  return rules;
}

/** Index 1..7 → the day's ranges in minutes since local midnight, in start order. */
function parseWeeklyHours(weekly: WeeklyHours): MinuteRange[][] {
  const byDay: MinuteRange[][] = [[], [], [], [], [], [], [], []];
  for (const day of WEEKDAYS) {
    for (const range of weekly?.[day] ?? []) {
      const start = parseHhMm(range.start, day, 'start');
      const end = parseHhMm(range.end, day, 'end');
      if (start >= 24 * 60 || end <= start) {
        throw new InvalidSchedulingInputError(
          `weekly_hours.${day}: ${range.start}–${range.end} is not a range`,
          {
            field: `weekly_hours.${day}`,
          },
        );
      }
      byDay[day].push({ start, end });
    }
    byDay[day].sort((a, b) => a.start - b.start);
  }
  return byDay;
}

function parseHhMm(value: string, day: IsoWeekday, end: 'start' | 'end'): number {
  const match = typeof value === 'string' ? HH_MM.exec(value) : null;
  if (!match) {
    const field = `weekly_hours.${day}.${end}`;
    throw new InvalidSchedulingInputError(`${field} must be HH:mm (00:00–24:00)`, { field });
  }
  const hours = Number(match[1] ?? match[3]);
  const minutes = Number(match[2] ?? match[4]);
  return hours * 60 + minutes;
}

function startOfWallDay(wall: number): number {
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

/** Day 0 of the epoch (1970-01-01) was a Thursday, ISO weekday 4. */
function isoWeekdayOfWall(wall: number): IsoWeekday {
  const days = Math.floor(wall / DAY_MS);
  return (((((days + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}
