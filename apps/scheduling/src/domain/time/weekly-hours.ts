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
      const start = boundaryInstant(clock, day + rule.start * MINUTE_MS);
      const end = boundaryInstant(clock, day + rule.end * MINUTE_MS);
      if (end > start) spans.push({ start, end });
    }
  }
  return clipSpans(mergeSpans(spans), range);
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

function boundaryInstant(clock: ZoneClock, wall: number): number {
  const resolved = clock.resolve(wall);
  if (resolved.kind === 'unique') return resolved.instant;
  if (resolved.kind === 'ambiguous') return resolved.earlier;
  return resolved.transition;
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

/** Index 1..7 → the day's ranges in minutes since local midnight. */
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

function isoWeekdayOfWall(wall: number): IsoWeekday {
  return (new Date(wall).getUTCDay() || 7) as IsoWeekday;
}
