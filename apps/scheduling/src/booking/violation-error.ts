import { AppError } from '@slotline/errors';
import { formatInstant, Interval, Violation } from '../domain';

/**
 * An infeasible plan as the caller sees it: the first violation decides the code (and so the status:
 * 409 for a busy resource, 422 for a rule), `details` lists all of them with the clashing windows and
 * the next free alternatives, in `timeZone`.
 */
export function violationError(
  violations: readonly Violation[],
  alternatives: readonly Interval[],
  timeZone: string,
): AppError {
  const [first] = violations;
  const window = (i: Interval) => ({
    start: formatInstant(i.start, timeZone),
    end: formatInstant(i.end, timeZone),
  });
  return new AppError(first.code, first.message, undefined, {
    resource_id: first.resource_id,
    resource_kind: first.resource_kind,
    ...(first.clashing && { clashing: window(first.clashing) }),
    violations: violations.map((v) => ({
      code: v.code,
      resource_id: v.resource_id,
      resource_kind: v.resource_kind,
      message: v.message,
      ...(v.clashing && { clashing: window(v.clashing) }),
    })),
    alternatives: alternatives.map(window),
    time_zone: timeZone,
  });
}
