import { DateTime } from 'luxon';

/**
 * The last answers of `localTime`, by instant, zone and language. It is a pure function of them, and the
 * same ones recur: both parties of a visit usually share a zone and a language, and a visit is worded
 * again when it is confirmed, rescheduled or reminded of. Each answer costs luxon an ICU offset lookup
 * and a format; under a booking load that was a tenth of the planner's time.
 */
const recent = new Map<string, string>();
const MAX_RECENT = 5_000;

/** A time as the recipient reads it: in their zone and language, with the offset (`Mon, 30 Mar 2026, 09:00 (UTC+02:00)`). */
export function localTime(at: Date | string, zone: string, locale: string): string {
  const key = `${typeof at === 'string' ? at : at.toISOString()} ${zone} ${locale}`;
  let text = recent.get(key);
  if (text === undefined) {
    text = formatLocalTime(at, zone, locale);
    if (recent.size >= MAX_RECENT) recent.clear();
    recent.set(key, text);
  }
  return text;
}

function formatLocalTime(at: Date | string, zone: string, locale: string): string {
  const dt = (typeof at === 'string' ? DateTime.fromISO(at) : DateTime.fromJSDate(at))
    .setZone(zone)
    .setLocale(locale);
  return `${dt.toLocaleString(DateTime.DATETIME_MED_WITH_WEEKDAY)} (UTC${dt.toFormat('ZZ')})`;
}

/** Integer minor units as money in the recipient's language (`€125.00`, `125,00 €`). */
export function money(amountMinor: number, currency: string, locale: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amountMinor / 10 ** digits);
}
