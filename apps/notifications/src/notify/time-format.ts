import { DateTime } from 'luxon';

/** A time as the recipient reads it: in their zone and language, with the offset (`Mon, 30 Mar 2026, 09:00 (UTC+02:00)`). */
export function localTime(at: Date | string, zone: string, locale: string): string {
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
