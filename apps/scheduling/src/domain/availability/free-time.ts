import type { ResourceCalendar } from '../resources/resource-calendar';
import { toSpan } from '../time/interval';
import { DAY_MS, intersectSpans, mergeSpans, MINUTE_MS, Span, subtractSpans, widenSpan } from '../time/span';
import { expandWorkingSpans } from '../time/weekly-hours';
import { ZoneClock } from '../time/zone-clock';

/**
 * Where a new window may lie for one resource within `range`: working hours, minus time off, minus every
 * booking widened by before + after on each side. (The buffered window [s − before, e + after) misses the
 * buffered booking [b.s − before, b.e + after) exactly when [s, e) misses [b.s − before − after,
 * b.e + after + before).) A window is bookable iff it lies inside one of the returned spans — the same
 * answer the rules in ../rules give, computed by interval arithmetic instead of minute by minute.
 */
export function freeSpans(calendar: ResourceCalendar, range: Span): Span[] {
  return blockedTime(calendar).freeIn(range);
}

/** One resource's hours and what blocks them, prepared once to be asked about window after window. */
export interface BlockedTime {
  clock: ZoneClock;
  /** {@link freeSpans} of the resource within `window`. */
  freeIn(window: Span): Span[];
}

export function blockedTime(calendar: ResourceCalendar): BlockedTime {
  const clock = ZoneClock.for(calendar.time_zone);
  const pad = (calendar.buffers.before_minutes + calendar.buffers.after_minutes) * MINUTE_MS;
  const blocked = mergeSpans([
    ...calendar.time_off.map(toSpan),
    ...calendar.bookings.map((booking) => widenSpan(toSpan(booking), pad, pad)),
  ]);
  return {
    clock,
    freeIn: (window) =>
      subtractSpans(expandWorkingSpans(calendar.weekly_hours, clock, window), blockedIn(blocked, window)),
  };
}

/**
 * The spans of `blocked` (merged, so sorted and disjoint) that overlap `window`: the working hours asked
 * about lie inside the window, so nothing else can cut them, and a day's question need not walk (and
 * re-merge) a month of bookings.
 */
function blockedIn(blocked: readonly Span[], window: Span): Span[] {
  let lo = 0;
  let hi = blocked.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (blocked[mid].end <= window.start) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < blocked.length && blocked[end].start < window.end) end++;
  return blocked.slice(lo, end);
}

/** Free for every one of the resources at once (a booking holds all or none). */
export function commonFreeSpans(calendars: readonly ResourceCalendar[], range: Span): Span[] {
  return calendars.reduce<Span[]>(
    (free, calendar) => intersectSpans(free, freeSpans(calendar, range)),
    [range],
  );
}

/**
 * Start instants of windows of `durationMs` inside the free spans, on the local grid of `clock`: a start's
 * local minute of the day is a multiple of `stepMinutes` (09:00, 09:15 …), re-aligned after a DST shift.
 * After a hit the next candidate is `advanceMs` later (the step, or the duration for non-overlapping).
 */
export function* gridStarts(
  free: readonly Span[],
  durationMs: number,
  stepMinutes: number,
  clock: ZoneClock,
  advanceMs = stepMinutes * MINUTE_MS,
): Generator<number> {
  const stepMs = stepMinutes * MINUTE_MS;
  for (const span of free) {
    let start = span.start;
    for (;;) {
      start = alignUp(start, stepMs, clock);
      if (start + durationMs > span.end) break;
      yield start;
      start += advanceMs;
    }
  }
}

/** The first instant at or after `instant` whose local minute of the day is on the step's grid. */
export function alignUp(instant: number, stepMs: number, clock: ZoneClock): number {
  let candidate = instant;
  // Moving forward can cross a transition and shift the local grid, so check again (twice is the most seen).
  for (let attempt = 0; attempt < 4; attempt++) {
    const intoDay = (((clock.toWall(candidate) % DAY_MS) + DAY_MS) % DAY_MS) % stepMs;
    if (intoDay === 0) return candidate;
    candidate += stepMs - intoDay;
  }
  return candidate;
}
