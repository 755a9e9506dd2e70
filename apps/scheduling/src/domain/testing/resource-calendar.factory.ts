import type { ResourceCalendar } from '../resources/resource-calendar';
import type { Interval } from '../time/interval';
import type { LocalTimeRange, WeeklyHours } from '../time/weekly-hours';

/** Test data only. Defaults: a UTC practitioner working Monday–Friday 09:00–17:00, no buffers, nothing booked. */
export function aResource(overrides: Partial<ResourceCalendar> = {}): ResourceCalendar {
  return {
    id: 'practitioner-1',
    kind: 'practitioner',
    time_zone: 'UTC',
    weekly_hours: weekdays({ start: '09:00', end: '17:00' }),
    time_off: [],
    buffers: { before_minutes: 0, after_minutes: 0 },
    bookings: [],
    ...overrides,
  };
}

export function aRoom(overrides: Partial<ResourceCalendar> = {}): ResourceCalendar {
  return aResource({ id: 'room-1', kind: 'room', ...overrides });
}

export function weekdays(...ranges: LocalTimeRange[]): WeeklyHours {
  return { 1: ranges, 2: ranges, 3: ranges, 4: ranges, 5: ranges };
}

export function allWeek(...ranges: LocalTimeRange[]): WeeklyHours {
  return { ...weekdays(...ranges), 6: ranges, 7: ranges };
}

/** `at('2024-03-04T09:00Z', 60)` → that instant for 60 minutes. */
export function at(startIso: string, minutes: number): Interval {
  const start = new Date(startIso);
  return { start, end: new Date(start.getTime() + minutes * 60_000) };
}

export function between(startIso: string, endIso: string): Interval {
  return { start: new Date(startIso), end: new Date(endIso) };
}

export function hoursOf(intervals: Interval[]): number[] {
  return intervals.map((i) => (i.end.getTime() - i.start.getTime()) / 3_600_000);
}

export function isoPairs(intervals: Interval[]): Array<[string, string]> {
  return intervals.map((i) => [i.start.toISOString(), i.end.toISOString()]);
}
