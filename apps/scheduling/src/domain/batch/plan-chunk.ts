import { planBooking } from '../booking/plan-booking';
import type { ResourceCalendar } from '../resources/resource-calendar';
import type { Violation } from '../rules/violation';
import type { Interval } from '../time/interval';

/** One booking of a chunk: its window and the ids of everything it holds (practitioner, room, equipment). */
export interface ChunkBookingRequest {
  window: Interval;
  resourceIds: readonly string[];
}

export type ChunkPlan = { feasible: true } | { feasible: false; index: number; violations: Violation[] };

/**
 * SCH-8. The bookings of one batch chunk planned together, in order, each checked as if the ones before it
 * were already committed: against its resources' calendars (hours, time off, bookings, buffers) plus the
 * windows the earlier requests of the chunk take on the same resources — the check a single confirm makes
 * under the resource lock (`planBooking` over the window alone, no alternatives). Stops at the first
 * request that is not feasible. `calendars` must hold every resource named; they are not changed.
 */
export function planChunk(
  requests: readonly ChunkBookingRequest[],
  calendars: ReadonlyMap<string, ResourceCalendar>,
  now?: Date,
): ChunkPlan {
  // Working copies whose bookings grow with each request planned.
  const working = new Map<string, ResourceCalendar>();
  const calendarOf = (id: string): ResourceCalendar => {
    let calendar = working.get(id);
    if (!calendar) {
      const loaded = calendars.get(id);
      if (!loaded) throw new Error(`planChunk: no calendar for resource ${id}`);
      calendar = { ...loaded, bookings: [...loaded.bookings] };
      working.set(id, calendar);
    }
    return calendar;
  };
  for (const [index, request] of requests.entries()) {
    const resources = request.resourceIds.map(calendarOf);
    const plan = planBooking({
      window: request.window,
      resources,
      now,
      searchDays: 0,
      maxAlternatives: 0,
    });
    if (!plan.feasible) return { feasible: false, index, violations: plan.violations };
    for (const calendar of resources) calendar.bookings.push(request.window);
  }
  return { feasible: true };
}
