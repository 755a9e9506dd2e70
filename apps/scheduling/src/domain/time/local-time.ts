import { InvalidSchedulingInputError, NonexistentLocalTimeError } from '../errors/scheduling-domain.errors';
import { ZoneClock } from './zone-clock';

/** Which occurrence of a repeated (fall-back) local time to take. */
export type AmbiguousTimeChoice = 'earlier' | 'later';

export interface ResolvedLocalTime {
  instant: Date;
  /** The zone's UTC offset at that instant, e.g. `-04:00`. */
  offset: string;
  /** True when the reading happens twice (fall-back overlap) and `choice` picked one. */
  ambiguous: boolean;
}

const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A local wall-clock reading (`YYYY-MM-DDTHH:mm`, no offset) in an IANA zone → one instant.
 * A reading skipped by a spring-forward gap does not exist and throws; a reading repeated by a fall-back
 * overlap resolves to its earlier occurrence (the first time the clock shows it) unless asked for `later`.
 * @throws NonexistentLocalTimeError (BR_NONEXISTENT_LOCAL_TIME), InvalidTimeZoneError, InvalidSchedulingInputError
 */
export function resolveLocalTime(
  localIso: string,
  timeZone: string,
  options: { ambiguous?: AmbiguousTimeChoice } = {},
): ResolvedLocalTime {
  const clock = ZoneClock.for(timeZone);
  const wall = parseLocalIso(localIso);
  const resolved = clock.resolve(wall);
  if (resolved.kind === 'gap') {
    throw new NonexistentLocalTimeError(localIso, timeZone, clock.format(resolved.transition));
  }
  const instant =
    resolved.kind === 'unique'
      ? resolved.instant
      : options.ambiguous === 'later'
        ? resolved.later
        : resolved.earlier;
  return {
    instant: new Date(instant),
    offset: clock.format(instant).slice(19),
    ambiguous: resolved.kind === 'ambiguous',
  };
}

function parseLocalIso(localIso: string): number {
  const match = typeof localIso === 'string' ? LOCAL_ISO.exec(localIso) : null;
  if (match) {
    const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
    const wall = Date.UTC(year, month - 1, day, hour, minute, second);
    const check = new Date(wall);
    // Date.UTC rolls 2024-02-30 over to March; a round trip catches dates that do not exist in any zone.
    if (
      check.getUTCFullYear() === year &&
      check.getUTCMonth() === month - 1 &&
      check.getUTCDate() === day &&
      hour < 24
    ) {
      return wall;
    }
  }
  throw new InvalidSchedulingInputError('local time must be a real YYYY-MM-DDTHH:mm', {
    field: 'local_time',
  });
}

/** An instant as ISO 8601 with the zone's offset at that instant, e.g. `2024-11-03T01:30:00-05:00`. */
export function formatInstant(instant: Date, timeZone: string): string {
  return ZoneClock.for(timeZone).format(instant.getTime());
}
