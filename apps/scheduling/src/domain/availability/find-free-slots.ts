import { InvalidSchedulingInputError } from '../errors/scheduling-domain.errors';
import type { ResourceCalendar } from '../resources/resource-calendar';
import { assertValidInterval, Interval } from '../time/interval';
import { DAY_MS, intersectSpans, MINUTE_MS, Span } from '../time/span';
import { ZoneClock } from '../time/zone-clock';
import { BlockedTime, blockedTime, freeSpans, gridStarts } from './free-time';

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
 * about 40 000 slots, of which a page is a few hundred). The free time behind them is worked out a day
 * at a time as the walk reaches it ({@link pagedStarts}), from the cursor's start on: the first page of
 * a month needs a day or two of it.
 */
export function findFreeSlotPage(
  query: Omit<FreeSlotQuery, 'outputTimeZone'>,
  page: FreeSlotPage,
): { items: FreeSlotInstant[]; hasMore: boolean } {
  const range = assertValidInterval(query.range, 'range');
  const stepMinutes = query.stepMinutes ?? 15;
  assertPositiveMinutes(query.durationMinutes, 'duration_minutes');
  assertPositiveMinutes(stepMinutes, 'step_minutes');
  const durationMs = query.durationMinutes * MINUTE_MS;
  const after = page.after;
  // Slots before the cursor's start are never returned, so their free time is not needed.
  const from = after ? Math.max(range.start, after.start) : range.start;
  if (from >= range.end) return { items: [], hasMore: false };
  const walked = { start: from, end: range.end };
  const room = query.room && blockedTime(query.room);
  const heads = query.resources.map((practitioner) => {
    const starts = pagedStarts(blockedTime(practitioner), room, walked, durationMs, stepMinutes);
    return { id: practitioner.id, starts, next: starts.next() };
  });
  const items: FreeSlotInstant[] = [];
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

/** How much free time is worked out at once while a page is walked. */
const CHUNK_MS = DAY_MS;

/**
 * The bookable starts of one practitioner (with the room, if any) in `range`, in order, computed a chunk
 * at a time: the starts in [c, c + chunk) are those of the free time in [c, c + chunk + duration) — a
 * window from such a start ends inside it — so no slot across a chunk's end is lost or found twice.
 * The grid is the local wall clock's, not the chunk's, so it lines up the same in every chunk.
 */
function* pagedStarts(
  practitioner: BlockedTime,
  room: BlockedTime | undefined,
  range: Span,
  durationMs: number,
  stepMinutes: number,
): Generator<number> {
  for (let chunk = range.start; chunk < range.end; chunk += CHUNK_MS) {
    const chunkEnd = Math.min(chunk + CHUNK_MS, range.end);
    const window = { start: chunk, end: Math.min(chunkEnd + durationMs, range.end) };
    const free = room
      ? intersectSpans(practitioner.freeIn(window), room.freeIn(window))
      : practitioner.freeIn(window);
    for (const start of gridStarts(free, durationMs, stepMinutes, practitioner.clock)) {
      if (start >= chunkEnd) break;
      yield start;
    }
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
