import type { ResourceCalendar } from '../resources/resource-calendar';
import { MINUTE_MS } from '../time/span';
import type { WeeklyHours } from '../time/weekly-hours';

/**
 * One resource as the free-slot walk needs it: its hours, and what blocks them as plain epoch
 * milliseconds. A page of availability reads 50 calendars of a month, so no `Date`, span object or pair
 * array per booking is made on the way (they were most of what a page allocated).
 */
export interface SlotCalendar {
  id: string;
  /** IANA name. */
  time_zone: string;
  weekly_hours: WeeklyHours;
  /**
   * Time off and every booking widened by before + after on each side (see `freeSpans`), merged: sorted,
   * disjoint, not touching, as flat bounds `start0, end0, start1, end1, …`.
   */
  blocked: number[];
}

/** What blocks a resource, as its calendar rows hold it: flat `[start, end, start, end, …]` bounds. */
export interface BlockedBounds {
  buffers: { before_minutes: number; after_minutes: number };
  time_off: readonly number[];
  bookings: readonly number[];
}

/** The walk's view of a calendar the booking rules use. */
export function slotCalendarOf(calendar: ResourceCalendar): SlotCalendar {
  const flat = (intervals: ResourceCalendar['bookings']) =>
    intervals.flatMap((i) => [i.start.getTime(), i.end.getTime()]);
  return {
    id: calendar.id,
    time_zone: calendar.time_zone,
    weekly_hours: calendar.weekly_hours,
    blocked: blockedBounds({
      buffers: calendar.buffers,
      time_off: flat(calendar.time_off),
      bookings: flat(calendar.bookings),
    }),
  };
}

/**
 * Time off and the buffered bookings, merged as `mergeSpans` merges them (empty ones dropped, touching
 * ones joined). Each list is walked in start order — as read, already (the repository sorts them), so
 * the two are merged in one pass without a sort or a copy.
 */
export function blockedBounds({ buffers, time_off, bookings }: BlockedBounds): number[] {
  const pad = (buffers.before_minutes + buffers.after_minutes) * MINUTE_MS;
  const off = inStartOrder(time_off);
  const booked = inStartOrder(bookings);
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i + 1 < off.length || j + 1 < booked.length) {
    let start: number;
    let end: number;
    if (j + 1 >= booked.length || (i + 1 < off.length && off[i] <= booked[j] - pad)) {
      start = off[i];
      end = off[i + 1];
      i += 2;
    } else {
      start = booked[j] - pad;
      end = booked[j + 1] + pad;
      j += 2;
    }
    if (!(end > start)) continue;
    const last = merged.length - 1;
    if (last > 0 && start <= merged[last]) merged[last] = Math.max(merged[last], end);
    else merged.push(start, end);
  }
  return merged;
}

/** The bounds as they are when their starts are in order, else a copy with the pairs sorted by start. */
function inStartOrder(bounds: readonly number[]): readonly number[] {
  let sorted = true;
  for (let i = 2; sorted && i + 1 < bounds.length; i += 2) sorted = bounds[i - 2] <= bounds[i];
  if (sorted) return bounds;
  const order = Array.from({ length: bounds.length >> 1 }, (_, i) => i).sort(
    (a, b) => bounds[2 * a] - bounds[2 * b],
  );
  return order.flatMap((i) => [bounds[2 * i], bounds[2 * i + 1]]);
}
