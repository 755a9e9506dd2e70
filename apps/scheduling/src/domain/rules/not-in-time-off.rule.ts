import type { ResourceCalendar } from '../resources/resource-calendar';
import { Interval, overlaps } from '../time/interval';
import { describeInterval, Violation } from './violation';

/** One violation per time-off entry the window touches. */
export function notInTimeOff(calendar: ResourceCalendar, window: Interval): Violation[] {
  return calendar.time_off
    .filter((off) => overlaps(off, window))
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .map((off) => ({
      code: 'BR_RESOURCE_TIME_OFF',
      resource_id: calendar.id,
      resource_kind: calendar.kind,
      message: `${calendar.kind} ${calendar.id} is off during ${describeInterval(off)}`,
      clashing: { start: off.start, end: off.end },
    }));
}
