import { DAY_MS, MINUTE_MS, Span } from '../time/span';
import { expandWorkingBoundsInto } from '../time/weekly-hours';
import { ZoneClock } from '../time/zone-clock';
import { alignUp } from './free-time';
import type { SlotCalendar } from './slot-calendar';

/** How much free time is worked out at once while a page is walked. */
const CHUNK_MS = DAY_MS;

/**
 * The bookable starts of one practitioner (with the room, if any) in `range`, in order, computed a chunk
 * at a time: the starts in [c, c + chunk) are those of the free time in [c, c + chunk + duration) — a
 * window from such a start ends inside it — so no slot across a chunk's end is lost or found twice.
 * The grid is the local wall clock's, not the chunk's, so it lines up the same in every chunk.
 *
 * The same starts as `gridStarts` over `freeSpans` (free-time.ts, which booking uses), kept in flat
 * arrays of bounds reused from chunk to chunk: a page walks thousands of starts of 50 practitioners,
 * and a span object, generator step or sorted copy per start was most of what a page allocated.
 */
export class FreeStarts {
  /** The next start, or `Infinity` once there is none. */
  next = Infinity;
  private readonly clock: ZoneClock;
  private readonly stepMs: number;
  /** The current chunk's free time, flat bounds; `span` indexes the start of the span being walked. */
  private readonly free: number[] = [];
  private readonly working: number[] = [];
  private readonly roomFree: number[] = [];
  private readonly practitionerFree: number[] = [];
  private readonly window: Span = { start: 0, end: 0 };
  private span = 0;
  private cursor = 0;
  private chunk: number;
  private chunkEnd = 0;

  constructor(
    readonly calendar: SlotCalendar,
    private readonly room: SlotCalendar | undefined,
    private readonly range: Span,
    private readonly durationMs: number,
    stepMinutes: number,
  ) {
    this.clock = ZoneClock.for(calendar.time_zone);
    this.stepMs = stepMinutes * MINUTE_MS;
    this.chunk = range.start - CHUNK_MS;
    this.nextChunk();
    this.advance();
  }

  /** Moves `next` to the following start. */
  advance(): void {
    for (;;) {
      while (this.span < this.free.length) {
        const start = alignUp(this.cursor, this.stepMs, this.clock);
        if (start + this.durationMs > this.free[this.span + 1]) {
          this.span += 2;
          this.cursor = this.free[this.span];
          continue;
        }
        if (start >= this.chunkEnd) break;
        this.next = start;
        this.cursor = start + this.stepMs;
        return;
      }
      if (!this.nextChunk()) {
        this.next = Infinity;
        return;
      }
    }
  }

  private nextChunk(): boolean {
    this.chunk += CHUNK_MS;
    if (this.chunk >= this.range.end) return false;
    this.chunkEnd = Math.min(this.chunk + CHUNK_MS, this.range.end);
    this.window.start = this.chunk;
    this.window.end = Math.min(this.chunkEnd + this.durationMs, this.range.end);
    if (this.room) {
      freeInto(this.practitionerFree, this.working, this.calendar, this.clock, this.window);
      freeInto(this.roomFree, this.working, this.room, ZoneClock.for(this.room.time_zone), this.window);
      intersectInto(this.free, this.practitionerFree, this.roomFree);
    } else {
      freeInto(this.free, this.working, this.calendar, this.clock, this.window);
    }
    this.span = 0;
    this.cursor = this.free[0];
    return true;
  }
}

/**
 * `freeSpans` of the calendar within `window` as flat bounds into `out`: its working hours there, less
 * what blocks them (only the blocked spans overlapping the window can cut hours inside it).
 */
function freeInto(
  out: number[],
  working: number[],
  calendar: SlotCalendar,
  clock: ZoneClock,
  window: Span,
): void {
  expandWorkingBoundsInto(working, calendar.weekly_hours, clock, window);
  const blocked = calendar.blocked;
  let lo = 0;
  let hi = blocked.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (blocked[2 * mid + 1] <= window.start) lo = mid + 1;
    else hi = mid;
  }
  out.length = 0;
  for (let w = 0; w < working.length; w += 2) {
    const end = working[w + 1];
    let cursor = working[w];
    for (let c = 2 * lo; c < blocked.length && blocked[c] < window.end; c += 2) {
      if (blocked[c + 1] <= cursor) continue;
      if (blocked[c] >= end) break;
      if (blocked[c] > cursor) out.push(cursor, blocked[c]);
      cursor = Math.max(cursor, blocked[c + 1]);
      if (cursor >= end) break;
    }
    if (cursor < end) out.push(cursor, end);
  }
}

/** The parts of two flat lists of sorted, disjoint bounds covered by both, into `out`. */
function intersectInto(out: number[], a: readonly number[], b: readonly number[]): void {
  out.length = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i], b[j]);
    const end = Math.min(a[i + 1], b[j + 1]);
    if (start < end) out.push(start, end);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
}
