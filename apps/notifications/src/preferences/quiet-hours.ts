import { DateTime } from 'luxon';

export interface QuietHours {
  /** Local "HH:mm" in the recipient's zone. */
  start: string;
  end: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/**
 * The instant a local wall time happens in `zone`, by RFC 5545's rule (3.3.5): a time that occurs twice
 * (DST overlap) is its first occurrence; a time that does not exist (DST gap) is read with the offset in
 * force before the gap, so 02:30 on a spring-forward day at 02:00 is 03:30 new time.
 */
export function instantOfLocal(
  zone: string,
  date: { year: number; month: number; day: number },
  hhmm: string,
): Date {
  const minutes = minutesOf(hhmm);
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, Math.floor(minutes / 60), minutes % 60);
  // Offsets in force half a day either side cover every transition of the real zones.
  const offsets = [-12, 12].map((h) => DateTime.fromMillis(wallAsUtc + h * 3_600_000, { zone }).offset);
  const matches = offsets
    .map((offset) => wallAsUtc - offset * 60_000)
    .filter((instant) => {
      const local = DateTime.fromMillis(instant, { zone });
      return local.hour * 60 + local.minute === minutes && local.day === date.day;
    })
    .sort((a, b) => a - b);
  return new Date(matches[0] ?? wallAsUtc - offsets[0] * 60_000);
}

/**
 * When the quiet hours that `now` falls in end, in the recipient's zone; null when `now` is outside
 * them. Quiet hours may wrap midnight (22:00–07:00); equal start and end mean none.
 */
export function quietHoursEnd(now: Date, zone: string, quiet: QuietHours): Date | null {
  const local = DateTime.fromJSDate(now, { zone });
  const m = local.hour * 60 + local.minute;
  const s = minutesOf(quiet.start);
  const e = minutesOf(quiet.end);
  if (s === e) return null;
  const inside = s < e ? m >= s && m < e : m >= s || m < e;
  if (!inside) return null;
  const endDay = s > e && m >= s ? local.plus({ days: 1 }) : local;
  const end = instantOfLocal(zone, { year: endDay.year, month: endDay.month, day: endDay.day }, quiet.end);
  // Inside an overlap the first occurrence may already be past: then the second one ends it.
  return end > now ? end : new Date(Math.max(end.getTime() + 3_600_000, now.getTime()));
}
