import { Transform } from 'class-transformer';
import { Matches, ValidationOptions } from 'class-validator';

/** ISO 8601 date-time with seconds optional and a mandatory offset (`Z` or `±HH:MM`). */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A local date-time without offset, `YYYY-MM-DDTHH:mm[:ss]`, read in a named time zone. */
export const LOCAL_DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export const HH_MM_PATTERN = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return Matches(INSTANT_PATTERN, {
    message: ({ property }) =>
      `${property} must be an ISO 8601 date-time with an offset, e.g. 2025-03-30T09:00:00+02:00`,
    ...options,
  });
}

export function IsLocalDateTime(options?: ValidationOptions): PropertyDecorator {
  return Matches(LOCAL_DATE_TIME_PATTERN, {
    message: ({ property }) => `${property} must be a local date-time without offset, e.g. 2025-03-30T09:00`,
    ...options,
  });
}

/** `?ids=a,b&ids=c` → ['a', 'b', 'c']: query strings carry lists either way. */
export function CommaSeparated(): PropertyDecorator {
  return Transform(({ value }) => {
    if (value === undefined || value === null) return value;
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
    return parts.map((p) => p.trim()).filter(Boolean);
  });
}

/** One decorator for several: `@Stack(A(), B())` is `@A() @B()` stacked above the property. */
export function Stack(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => {
    // Stacked decorators run bottom-up; keeping that order keeps the order validators report in.
    for (const decorator of [...decorators].reverse()) decorator(target, property);
  };
}
