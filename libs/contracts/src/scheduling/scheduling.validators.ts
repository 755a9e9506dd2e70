import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions, buildMessage } from 'class-validator';

/** ISO 8601 date-time with seconds optional and a mandatory offset (`Z` or `±HH:MM`). */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A local date-time without offset, `YYYY-MM-DDTHH:mm[:ss]`, read in a named time zone. */
export const LOCAL_DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export const HH_MM_PATTERN = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/**
 * The pattern alone lets through dates that do not exist, which `Date.parse` then silently rolls over
 * (2025-02-30 becomes 2 March): check the calendar too.
 */
export function isRealDateTime(value: string): boolean {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))?$/.exec(
      value,
    );
  if (!m) return false;
  const [year, month, day, hour, minute, second = '0'] = m.slice(1, 7).map((v) => v ?? '0');
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  const offsetOk = m[8] === undefined || (Number(m[8]) <= 14 && Number(m[9]) <= 59);
  return (
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= daysInMonth &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    offsetOk
  );
}

function dateTimeValidator(
  name: string,
  pattern: RegExp,
  example: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name,
      constraints: [pattern],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && pattern.test(value) && isRealDateTime(value),
        defaultMessage: buildMessage((each) => `${each}$property must be ${example}`, options),
      },
    },
    options,
  );
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return dateTimeValidator(
    'isInstant',
    INSTANT_PATTERN,
    'a real ISO 8601 date-time with an offset, e.g. 2025-03-30T09:00:00+02:00',
    options,
  );
}

export function IsLocalDateTime(options?: ValidationOptions): PropertyDecorator {
  return dateTimeValidator(
    'isLocalDateTime',
    LOCAL_DATE_TIME_PATTERN,
    'a real local date-time without offset, e.g. 2025-03-30T09:00',
    options,
  );
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
