import { DateTime, IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const YEAR_MS = 366 * DAY_MS;

/**
 * The VTIMEZONE of `zone` (RFC 5545 §3.6.5) built from the runtime's own zone rules (ICU's tz database,
 * through luxon), the same rules that gave DTSTART its local time and the email its wording. A bundled
 * VTIMEZONE library would carry its own tz release, and a calendar that reads the block would then place
 * the visit by other rules than ours after a real-world change. Each transition from a year before
 * `from` to a year after `to` is listed as its own observance (no RRULE: rules change, dates are facts).
 */
export function runtimeVtimezone(zone: string, from: Date, to: Date): string {
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new Error(`Unknown time zone ${zone}`);
  const start = Math.floor((from.getTime() - YEAR_MS) / DAY_MS) * DAY_MS;
  const end = to.getTime() + YEAR_MS;
  const transitions = transitionsBetween(tz, start, end);
  const offsets = [tz.offset(start), ...transitions.map((t) => t.after)];
  const standard = Math.min(...offsets);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const initial = tz.offset(start);
  lines.push(...observance(tz, start, initial, initial, standard));
  for (const t of transitions) lines.push(...observance(tz, t.at, t.before, t.after, standard));
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

interface Transition {
  at: number;
  before: number;
  after: number;
}

/** Offset changes, found a day at a time and then pinned to the minute (zones change on whole minutes). */
function transitionsBetween(tz: IANAZone, start: number, end: number): Transition[] {
  const found: Transition[] = [];
  for (let day = start; day < end; day += DAY_MS) {
    const t = transitionOn(tz, day);
    if (t) found.push(t);
  }
  return found;
}

/**
 * A day's offset change and an onset's zone name are facts of the runtime's tz data, so each is found
 * once per zone: every invite walks about 800 days, and finding them (an ICU call per offset, a new
 * `Intl.DateTimeFormat` per name) cost a quarter of this service's CPU under a booking load.
 */
const knownDays = new Map<string, Map<number, Transition | null>>();
const knownNames = new Map<string, Map<number, string>>();
const MAX_KNOWN_PER_ZONE = 20_000;

function remembered<T>(known: Map<string, Map<number, T>>, zone: string, at: number, find: () => T): T {
  let ofZone = known.get(zone);
  if (!ofZone) known.set(zone, (ofZone = new Map()));
  let value = ofZone.get(at);
  if (value === undefined) {
    value = find();
    if (ofZone.size >= MAX_KNOWN_PER_ZONE) ofZone.clear();
    ofZone.set(at, value);
  }
  return value;
}

function transitionOn(tz: IANAZone, day: number): Transition | null {
  return remembered(knownDays, tz.name, day, () => findTransition(tz, day));
}

function findTransition(tz: IANAZone, day: number): Transition | null {
  const before = tz.offset(day);
  if (tz.offset(day + DAY_MS) === before) return null;
  let low = day;
  let high = day + DAY_MS;
  while (high - low > MINUTE_MS) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (tz.offset(mid) === before) low = mid;
    else high = mid;
  }
  return { at: high, before, after: tz.offset(high) };
}

function observance(tz: IANAZone, at: number, before: number, after: number, standard: number): string[] {
  const kind = after > standard ? 'DAYLIGHT' : 'STANDARD';
  // DTSTART is the onset as a local time in the offset in force before it (RFC 5545 §3.6.5).
  const onset = DateTime.fromMillis(at + before * MINUTE_MS, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss");
  const name = remembered(
    knownNames,
    tz.name,
    at,
    () => tz.offsetName(at, { format: 'short', locale: 'en-US' }) ?? '',
  );
  return [
    `BEGIN:${kind}`,
    `DTSTART:${onset}`,
    `TZOFFSETFROM:${icalOffset(before)}`,
    `TZOFFSETTO:${icalOffset(after)}`,
    ...(name ? [`TZNAME:${name}`] : []),
    `END:${kind}`,
  ];
}

function icalOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${minutes < 0 ? '-' : '+'}${hhmm}`;
}
