import { formatInstant } from '../domain';

export function isoOrNull(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

/** ISO 8601 with the offset `timeZone` has at that instant; null stays null. */
export function localOrNull(value: Date | null, timeZone: string): string | null {
  return value ? formatInstant(value, timeZone) : null;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * MINUTE_MS);
}
