import { InvalidSchedulingInputError } from '../errors/scheduling-domain.errors';
import type { ResourceCalendar } from '../resources/resource-calendar';
import { assertValidInterval, Interval } from '../time/interval';
import { intersectSpans, MINUTE_MS } from '../time/span';
import { ZoneClock } from '../time/zone-clock';
import { freeSpans, gridStarts } from './free-time';

export interface FreeSlotQuery {
  /** Practitioners; each gets its own slots. */
  resources: ResourceCalendar[];
  /** A room every slot must also hold. */
  room?: ResourceCalendar;
  /** Slots lie entirely inside it. */
  range: Interval;
  durationMinutes: number;
  /** Slot starts are on this local grid of the practitioner's zone (minute of day divisible by it). */
  stepMinutes?: number;
  outputTimeZone: string;
}

export interface FreeSlot {
  resource_id: string;
  /** ISO 8601 with the offset of outputTimeZone at that instant. */
  start: string;
  end: string;
}

/** A free slot as epoch milliseconds, before any formatting. */
export interface FreeSlotInstant {
  resource_id: string;
  start: number;
  end: number;
}

/** Every bookable slot per practitioner, ordered by start instant, then resource id. */
export function findFreeSlots(query: FreeSlotQuery): FreeSlot[] {
  const output = ZoneClock.for(query.outputTimeZone);
  return findFreeSlotInstants(query).map((slot) => ({
    resource_id: slot.resource_id,
    start: output.format(slot.start),
    end: output.format(slot.end),
  }));
}

/**
 * The same slots as instants. Formatting an instant in a zone is the costly part, so callers that
 * return one page of a long list format only that page.
 */
export function findFreeSlotInstants(
  query: Omit<FreeSlotQuery, 'outputTimeZone'> & { outputTimeZone?: string },
): FreeSlotInstant[] {
  const { durationMs, streams } = slotStreams(query);
  const found: Array<{ resource_id: string; start: number }> = [];
  for (const stream of streams) {
    for (const start of stream.starts) found.push({ resource_id: stream.id, start });
  }
  found.sort((a, b) => a.start - b.start || compareStrings(a.resource_id, b.resource_id));
  return found.map((slot) => ({
    resource_id: slot.resource_id,
    start: slot.start,
    end: slot.start + durationMs,
  }));
}

export interface FreeSlotPage {
  /** Only slots after this one in the list's order (start, then resource id). */
  after?: { start: number; resourceId: string };
  limit: number;
}

/**
 * One page of `findFreeSlotInstants`' list — the first `limit` slots after `after` — and whether more
 * follow, without computing the rest of the range: each practitioner's slots come in start order, so
 * they are merged lazily and the walk stops one slot past the page (a month for 50 practitioners is
 * about 40 000 slots, of which a page is a few hundred).
 */
export function findFreeSlotPage(
  query: Omit<FreeSlotQuery, 'outputTimeZone'>,
  page: FreeSlotPage,
): { items: FreeSlotInstant[]; hasMore: boolean } {
  const { durationMs, streams } = slotStreams(query);
  const heads = streams.map((s) => ({ id: s.id, starts: s.starts, next: s.starts.next() }));
  const items: FreeSlotInstant[] = [];
  const after = page.after;
  for (;;) {
    let best: (typeof heads)[number] | undefined;
    for (const head of heads) {
      if (head.next.done) continue;
      if (
        !best ||
        head.next.value < best.next.value ||
        (head.next.value === best.next.value && head.id < best.id)
      )
        best = head;
    }
    if (!best || best.next.done) return { items, hasMore: false };
    const start = best.next.value;
    best.next = best.starts.next();
    if (after && (start < after.start || (start === after.start && best.id <= after.resourceId))) continue;
    if (items.length === page.limit) return { items, hasMore: true };
    items.push({ resource_id: best.id, start, end: start + durationMs });
  }
}

/** Per practitioner, its bookable starts in order (lazily), after the query is validated. */
function slotStreams(query: Omit<FreeSlotQuery, 'outputTimeZone'>): {
  durationMs: number;
  streams: Array<{ id: string; starts: Generator<number> }>;
} {
  const range = assertValidInterval(query.range, 'range');
  const stepMinutes = query.stepMinutes ?? 15;
  assertPositiveMinutes(query.durationMinutes, 'duration_minutes');
  assertPositiveMinutes(stepMinutes, 'step_minutes');
  const durationMs = query.durationMinutes * MINUTE_MS;
  const roomFree = query.room ? freeSpans(query.room, range) : [range];
  const streams = query.resources.map((practitioner) => {
    const free = intersectSpans(freeSpans(practitioner, range), roomFree);
    const clock = ZoneClock.for(practitioner.time_zone);
    return { id: practitioner.id, starts: gridStarts(free, durationMs, stepMinutes, clock) };
  });
  return { durationMs, streams };
}

function assertPositiveMinutes(value: number, field: string): void {
  if (!Number.isInteger(value) || value <= 0 || value > 7 * 24 * 60) {
    throw new InvalidSchedulingInputError(`${field} must be a whole number of minutes between 1 and 10080`, {
      field,
    });
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
