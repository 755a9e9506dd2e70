import { IANAZone } from 'luxon';
import { InvalidTimeZoneError } from '../errors/scheduling-domain.errors';
import { MINUTE_MS } from './span';

const HOUR_MS = 3_600_000;
const MAX_CACHED_HOURS = 200_000;

/** How a wall-clock reading maps to instants: once, twice (fall-back overlap) or never (spring-forward gap). */
export type WallTimeResolution =
  | { kind: 'unique'; instant: number }
  | { kind: 'ambiguous'; earlier: number; later: number }
  | { kind: 'gap'; transition: number };

type HourOffsets = number | { at: number; before: number; after: number };

/**
 * One IANA zone as the engine sees it: UTC offsets (from luxon's zone database) memoised per UTC hour with
 * the exact transition instant, so that asking for thousands of offsets costs a map lookup each.
 * "Wall" values are local date-times encoded as if they were UTC epoch milliseconds.
 */
export class ZoneClock {
  private static readonly clocks = new Map<string, ZoneClock>();
  private readonly hours = new Map<number, HourOffsets>();

  private constructor(private readonly zone: IANAZone) {}

  /** @throws InvalidTimeZoneError when the name is not an IANA zone luxon knows. */
  static for(timeZone: string): ZoneClock {
    const cached = ZoneClock.clocks.get(timeZone);
    if (cached) return cached;
    if (typeof timeZone !== 'string' || !IANAZone.isValidZone(timeZone)) {
      throw new InvalidTimeZoneError(String(timeZone));
    }
    const clock = new ZoneClock(IANAZone.create(timeZone));
    ZoneClock.clocks.set(timeZone, clock);
    return clock;
  }

  get name(): string {
    return this.zone.name;
  }

  offsetMinutes(instant: number): number {
    const hour = Math.floor(instant / HOUR_MS);
    let entry = this.hours.get(hour);
    if (entry === undefined) {
      if (this.hours.size > MAX_CACHED_HOURS) this.hours.clear();
      entry = this.offsetsOfHour(hour);
      this.hours.set(hour, entry);
    }
    if (typeof entry === 'number') return entry;
    return instant < entry.at ? entry.before : entry.after;
  }

  toWall(instant: number): number {
    return instant + this.offsetMinutes(instant) * MINUTE_MS;
  }

  /** Every instant whose local reading is `wall`, assuming at most one transition within ±14 h. */
  resolve(wall: number): WallTimeResolution {
    const before = this.offsetMinutes(wall - 14 * HOUR_MS);
    const after = this.offsetMinutes(wall + 14 * HOUR_MS);
    // No transition around it (nearly every reading): the one candidate, without the general case's
    // arrays, which availability would otherwise build for every working-hours boundary of a month.
    if (before === after) {
      const instant = wall - before * MINUTE_MS;
      if (this.offsetMinutes(instant) === before) return { kind: 'unique', instant };
    }
    const candidates = [...new Set([before, after])]
      .map((offset) => ({ offset, instant: wall - offset * MINUTE_MS }))
      .filter((c) => this.offsetMinutes(c.instant) === c.offset)
      .map((c) => c.instant)
      .sort((a, b) => a - b);
    if (candidates.length === 1) return { kind: 'unique', instant: candidates[0] };
    if (candidates.length === 2) return { kind: 'ambiguous', earlier: candidates[0], later: candidates[1] };
    return {
      kind: 'gap',
      transition: this.firstInstantWithOffset(after, wall - after * MINUTE_MS, wall - before * MINUTE_MS),
    };
  }

  /**
   * The first instant whose local reading is `wall` or later: `wall`'s instant, its earlier occurrence in
   * a fall-back overlap, the transition when a spring-forward gap skips it. The same as reading
   * {@link resolve}'s answer that way, without its object for the nearly every reading no transition is
   * near (availability asks this of every working-hours boundary it walks).
   */
  firstInstantAtOrAfter(wall: number): number {
    const before = this.offsetMinutes(wall - 14 * HOUR_MS);
    if (before === this.offsetMinutes(wall + 14 * HOUR_MS)) {
      const instant = wall - before * MINUTE_MS;
      if (this.offsetMinutes(instant) === before) return instant;
    }
    const resolved = this.resolve(wall);
    if (resolved.kind === 'unique') return resolved.instant;
    if (resolved.kind === 'ambiguous') return resolved.earlier;
    return resolved.transition;
  }

  /** ISO 8601 with this zone's offset at that instant, e.g. `2024-03-10T03:00:00-04:00`. */
  format(instant: number): string {
    const offset = this.offsetMinutes(instant);
    const local = new Date(instant + offset * MINUTE_MS).toISOString().slice(0, 19);
    return local + formatOffset(offset);
  }

  private offsetsOfHour(hour: number): HourOffsets {
    const start = hour * HOUR_MS;
    const before = this.rawOffset(start);
    const after = this.rawOffset(start + HOUR_MS);
    if (before === after) return before;
    let lo = start;
    let hi = start + HOUR_MS;
    // luxon resolves offsets to the second, so a one-second bracket pins the transition exactly.
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (mid <= lo) break;
      if (this.rawOffset(mid) === before) lo = mid;
      else hi = mid;
    }
    return { at: hi, before, after };
  }

  private firstInstantWithOffset(offset: number, from: number, to: number): number {
    let lo = from;
    let hi = to;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.offsetMinutes(mid) === offset) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  private rawOffset(instant: number): number {
    return this.zone.offset(instant);
  }
}

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(Math.trunc(offsetMinutes));
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}
