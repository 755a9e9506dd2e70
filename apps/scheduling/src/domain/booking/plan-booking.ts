import { commonFreeSpans, gridStarts } from '../availability/free-time';
import { checkWindow } from '../rules/check-window';
import type { Violation } from '../rules/violation';
import type { ResourceCalendar } from '../resources/resource-calendar';
import { assertValidInterval, Interval, toInterval } from '../time/interval';
import { DAY_MS, Span } from '../time/span';
import { ZoneClock } from '../time/zone-clock';

export interface BookingPlanRequest {
  window: Interval;
  /** Everything the booking holds: practitioner, room, equipment. All or none. */
  resources: ResourceCalendar[];
  /** Windows before it are refused, and never offered as alternatives. */
  now?: Date;
  maxAlternatives?: number;
  searchDays?: number;
  /** Grid of alternative starts, in the first resource's local time. */
  stepMinutes?: number;
}

export interface BookingPlan {
  feasible: boolean;
  violations: Violation[];
  /** Empty when feasible; otherwise the next free windows of the same length, earliest first. */
  alternatives: Interval[];
}

/**
 * Dry run of one booking over all of its resources; writes nothing and throws only on malformed input.
 * Alternatives start strictly after the requested start (and not before `now`), within `searchDays` of it,
 * do not overlap one another, and are free for every resource at once.
 */
export function planBooking(request: BookingPlanRequest): BookingPlan {
  const window = assertValidInterval(request.window);
  const violations = checkWindow(request.resources, request.window, request.now);
  if (violations.length === 0) return { feasible: true, violations, alternatives: [] };
  return { feasible: false, violations, alternatives: findAlternatives(request, window) };
}

function findAlternatives(request: BookingPlanRequest, window: Span): Interval[] {
  const durationMs = window.end - window.start;
  const max = request.maxAlternatives ?? 3;
  const searchFrom = Math.max(window.start + 1, request.now?.getTime() ?? -Infinity);
  const lastStart = window.start + (request.searchDays ?? 14) * DAY_MS;
  if (max <= 0 || searchFrom > lastStart) return [];

  const free = commonFreeSpans(request.resources, { start: searchFrom, end: lastStart + durationMs });
  const clock = ZoneClock.for(request.resources[0]?.time_zone ?? 'UTC');
  const alternatives: Interval[] = [];
  for (const start of gridStarts(free, durationMs, request.stepMinutes ?? 15, clock, durationMs)) {
    alternatives.push(toInterval({ start, end: start + durationMs }));
    if (alternatives.length === max) break;
  }
  return alternatives;
}
