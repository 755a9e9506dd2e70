import type { ResourceCalendar } from '../resources/resource-calendar';
import { Interval, toSpan } from '../time/interval';
import { containsSpan } from '../time/span';
import { expandWorkingSpans } from '../time/weekly-hours';
import { ZoneClock } from '../time/zone-clock';
import { describeInterval, Violation } from './violation';

/** The whole window must fall inside one stretch of working hours (overnight stretches count as one). */
export function withinWorkingHours(calendar: ResourceCalendar, window: Interval): Violation[] {
  const span = toSpan(window);
  const working = expandWorkingSpans(calendar.weekly_hours, ZoneClock.for(calendar.time_zone), span);
  if (working.some((stretch) => containsSpan(stretch, span))) return [];
  return [
    {
      code: 'BR_OUTSIDE_WORKING_HOURS',
      resource_id: calendar.id,
      resource_kind: calendar.kind,
      message: `${calendar.kind} ${calendar.id} does not work for the whole of ${describeInterval(window)} (${calendar.time_zone})`,
    },
  ];
}
