import type { ResourceCalendar } from '../resources/resource-calendar';
import { assertValidInterval, Interval, toSpan } from '../time/interval';
import { clipSpans, intersectSpans, MINUTE_MS, Span, subtractSpans, totalMs } from '../time/span';
import { everyDay, expandWorkingSpans } from '../time/weekly-hours';
import { ZoneClock } from '../time/zone-clock';

export type CapacityGroupBy = 'resource' | 'daypart';
export type Daypart = 'morning' | 'afternoon' | 'evening';

/** In each resource's own local time; 22:00–06:00 belongs to no daypart. */
export const DAYPARTS: ReadonlyArray<{ key: Daypart; start: string; end: string }> = [
  { key: 'morning', start: '06:00', end: '12:00' },
  { key: 'afternoon', start: '12:00', end: '17:00' },
  { key: 'evening', start: '17:00', end: '22:00' },
];

export interface CapacityQuery {
  resources: ResourceCalendar[];
  range: Interval;
  groupBy: CapacityGroupBy;
}

export interface CapacityRow {
  /** The resource id, or the daypart. */
  key: string;
  /** Working hours minus time off. */
  available_minutes: number;
  /** Bookings as booked (buffers not counted), including any outside working hours. */
  booked_minutes: number;
  /** booked / available, capped at 1, 4 decimals; 0 when nothing is available. */
  utilisation: number;
}

interface Usage {
  available: Span[];
  booked: Span[];
}

/** Rows by resource (in the given order) or by daypart (morning, afternoon, evening, over all resources). */
export function computeCapacity(query: CapacityQuery): CapacityRow[] {
  const range = assertValidInterval(query.range, 'range');
  const usages = query.resources.map((resource) => ({ resource, usage: usageOf(resource, range) }));
  if (query.groupBy === 'resource') {
    return usages.map(({ resource, usage }) => toRow(resource.id, [usage]));
  }
  return DAYPARTS.map((daypart) =>
    toRow(
      daypart.key,
      usages.map(({ resource, usage }) => {
        const clock = ZoneClock.for(resource.time_zone);
        const part = expandWorkingSpans(everyDay([daypart]), clock, range);
        return {
          available: intersectSpans(usage.available, part),
          booked: intersectSpans(usage.booked, part),
        };
      }),
    ),
  );
}

function usageOf(resource: ResourceCalendar, range: Span): Usage {
  const working = expandWorkingSpans(resource.weekly_hours, ZoneClock.for(resource.time_zone), range);
  return {
    available: subtractSpans(working, resource.time_off.map(toSpan)),
    booked: clipSpans(resource.bookings.map(toSpan), range),
  };
}

function toRow(key: string, usages: Usage[]): CapacityRow {
  const availableMs = usages.reduce((sum, usage) => sum + totalMs(usage.available), 0);
  const bookedMs = usages.reduce((sum, usage) => sum + totalMs(usage.booked), 0);
  const utilisation =
    availableMs === 0 ? 0 : Math.min(1, Math.round((bookedMs / availableMs) * 10_000) / 10_000);
  return {
    key,
    available_minutes: Math.round(availableMs / MINUTE_MS),
    booked_minutes: Math.round(bookedMs / MINUTE_MS),
    utilisation,
  };
}
