import { WEEKDAY_NAMES, WeeklyHoursView } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { expandWorkingHours, IsoWeekday, SchedulingDomainError, WeeklyHours } from '../domain';
import { toAppError } from '../common/domain-error.mapper';

/** Wire form (`monday: [{start, end}]`) → the domain's ISO weekday keys. */
export function toDomainHours(view: WeeklyHoursView | undefined | null): WeeklyHours {
  const hours: WeeklyHours = {};
  WEEKDAY_NAMES.forEach((name, index) => {
    const ranges = view?.[name];
    if (ranges?.length)
      hours[(index + 1) as IsoWeekday] = ranges.map((r) => ({ start: r.start, end: r.end }));
  });
  return hours;
}

/** Stored (wire) form, keeping only the days that have ranges. */
export function normaliseHours(view: WeeklyHoursView | undefined | null): WeeklyHoursView {
  const out: WeeklyHoursView = {};
  for (const name of WEEKDAY_NAMES) {
    const ranges = view?.[name];
    if (ranges?.length) out[name] = ranges.map((r) => ({ start: r.start, end: r.end }));
  }
  return out;
}

/**
 * Checks the zone (422 BR_INVALID_TIME_ZONE) and that every range runs forwards (400 naming the day)
 * by letting the domain expand one minute of them.
 */
export function assertValidSchedule(timeZone: string, hours: WeeklyHoursView): void {
  const now = new Date();
  try {
    expandWorkingHours(toDomainHours(hours), timeZone, { start: now, end: new Date(now.getTime() + 60_000) });
  } catch (err) {
    if (err instanceof SchedulingDomainError && typeof err.details?.field === 'string') {
      const field = err.details.field.replace(
        /^weekly_hours\.([1-7])/,
        (_m, d: string) => `weekly_hours.${WEEKDAY_NAMES[Number(d) - 1]}`,
      );
      const message = err.message.replace(
        /^weekly_hours\.([1-7])/,
        (_m, d: string) => `weekly_hours.${WEEKDAY_NAMES[Number(d) - 1]}`,
      );
      throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
        { field, code: 'invalid', message },
      ]);
    }
    throw toAppError(err);
  }
}
