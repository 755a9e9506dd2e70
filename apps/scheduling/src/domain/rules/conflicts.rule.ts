import type { ResourceCalendar } from '../resources/resource-calendar';
import { Interval, toSpan } from '../time/interval';
import { MINUTE_MS, spanOverlaps, widenSpan } from '../time/span';
import { BUSY_CODE_BY_KIND, describeInterval, Violation } from './violation';

/**
 * Both the window and every existing booking are widened by the resource's buffers (before, after); the
 * widened ranges must not overlap. So two bookings of one resource are at least after + before apart.
 */
export function conflicts(calendar: ResourceCalendar, window: Interval): Violation[] {
  const before = calendar.buffers.before_minutes * MINUTE_MS;
  const after = calendar.buffers.after_minutes * MINUTE_MS;
  const wanted = widenSpan(toSpan(window), before, after);
  return calendar.bookings
    .filter((booking) => spanOverlaps(widenSpan(toSpan(booking), before, after), wanted))
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .map((booking) => ({
      code: BUSY_CODE_BY_KIND[calendar.kind],
      resource_id: calendar.id,
      resource_kind: calendar.kind,
      message: `${calendar.kind} ${calendar.id} is booked ${describeInterval(booking)} (buffers ${calendar.buffers.before_minutes}/${calendar.buffers.after_minutes} min)`,
      clashing: { start: booking.start, end: booking.end },
    }));
}
