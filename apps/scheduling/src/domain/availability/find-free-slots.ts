import { InvalidSchedulingInputError } from '../errors/scheduling-domain.errors';
import type { ResourceCalendar } from '../resources/resource-calendar';
import { assertValidInterval, Interval } from '../time/interval';
import { intersectSpans, MINUTE_MS } from '../time/span';
import { ZoneClock } from '../time/zone-clock';
import { FreeStarts } from './free-starts';
import { freeSpans, gridStarts } from './free-time';
import { SlotCalendar, slotCalendarOf } from './slot-calendar';

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
 * follow. See {@link freeSlotPage}, which this is for the booking rules' calendars.
 */
export function findFreeSlotPage(
  query: Omit<FreeSlotQuery, 'outputTimeZone'>,
  page: FreeSlotPage,
): { items: FreeSlotInstant[]; hasMore: boolean } {
  const resources = query.resources.map(slotCalendarOf);
  const found = freeSlotPage({ ...query, resources, room: query.room && slotCalendarOf(query.room) }, page);
  return {
    items: found.starts.map((start, i) => ({
      resource_id: resources[found.resources[i]].id,
      start,
      end: start + found.durationMs,
    })),
    hasMore: found.hasMore,
  };
}

export interface SlotPageQuery {
  /** Practitioners; each gets its own slots. */
  resources: SlotCalendar[];
  /** A room every slot must also hold. */
  room?: SlotCalendar;
  /** Slots lie entirely inside it. */
  range: Interval;
  durationMinutes: number;
  /** Slot starts are on this local grid of the practitioner's zone (minute of day divisible by it). */
  stepMinutes?: number;
}

/** A page of slots, column by column: slot i starts at `starts[i]`, for `resources[resources[i]]`. */
export interface SlotPage {
  starts: number[];
  /** Indexes into the query's `resources`. */
  resources: number[];
  durationMs: number;
  hasMore: boolean;
}

/**
 * One page of `findFreeSlotInstants`' list — the first `limit` slots after `after` — and whether more
 * follow, without computing the rest of the range: each practitioner's slots come in start order, so
 * they are merged lazily and the walk stops one slot past the page (a month for 50 practitioners is
 * about 40 000 slots, of which a page is a few hundred). The free time behind them is worked out a day
 * at a time as the walk reaches it ({@link FreeStarts}), from the cursor's start on: the first page of
 * a month needs a day or two of it.
 */
export function freeSlotPage(query: SlotPageQuery, page: FreeSlotPage): SlotPage {
  const range = assertValidInterval(query.range, 'range');
  const stepMinutes = query.stepMinutes ?? 15;
  assertPositiveMinutes(query.durationMinutes, 'duration_minutes');
  assertPositiveMinutes(stepMinutes, 'step_minutes');
  const durationMs = query.durationMinutes * MINUTE_MS;
  const found: SlotPage = { starts: [], resources: [], durationMs, hasMore: false };
  const after = page.after;
  // Slots before the cursor's start are never returned, so their free time is not needed.
  const from = after ? Math.max(range.start, after.start) : range.start;
  if (from >= range.end) return found;
  const walked = { start: from, end: range.end };
  const heads = query.resources.map(
    (practitioner) => new FreeStarts(practitioner, query.room, walked, durationMs, stepMinutes),
  );
  // Each head's next start, unboxed: the merge reads them 50 times per slot.
  const next = Float64Array.from(heads, (head) => head.next);
  const ids = query.resources.map((r) => r.id);
  // Ties go to the lower id; most slots tie (the practitioners share hours), so ids are ranked once.
  const rank = new Int32Array(ids.length);
  ids
    .map((_, h) => h)
    .sort((a, b) => compareStrings(ids[a], ids[b]))
    .forEach((h, r) => (rank[h] = r));
  for (;;) {
    let best = -1;
    for (let h = 0; h < next.length; h++) {
      if (next[h] === Infinity) continue;
      if (best < 0 || next[h] < next[best] || (next[h] === next[best] && rank[h] < rank[best])) best = h;
    }
    if (best < 0) return found;
    const start = next[best];
    heads[best].advance();
    next[best] = heads[best].next;
    if (after && (start < after.start || (start === after.start && ids[best] <= after.resourceId))) continue;
    if (found.starts.length === page.limit) {
      found.hasMore = true;
      return found;
    }
    found.starts.push(start);
    found.resources.push(best);
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
