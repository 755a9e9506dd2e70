import { ProposeScheduleBody } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { Interval, resolveLocalTime } from '../domain';
import { domainSync } from '../common/domain-error.mapper';
import { addMinutes } from '../common/time-format';

/**
 * The window a proposal asks for: from `start` (an instant) or from `local_start` read in `time_zone`
 * (default: the practitioner's), lasting the job's duration. A local time inside a DST gap is refused
 * (BR_NONEXISTENT_LOCAL_TIME with the next valid instant); one in an overlap takes `ambiguous`.
 */
export function proposedWindow(
  body: ProposeScheduleBody,
  practitionerZone: string,
  durationMinutes: number,
): Interval {
  if ((body.start === undefined) === (body.local_start === undefined)) {
    throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
      {
        field: 'start',
        code: 'exactlyOne',
        message: 'send either start (with offset) or local_start (with time_zone)',
      },
    ]);
  }
  const start = body.start
    ? new Date(body.start)
    : domainSync(
        () =>
          resolveLocalTime(body.local_start!, body.time_zone ?? practitionerZone, {
            ambiguous: body.ambiguous,
          }).instant,
      );
  if (Number.isNaN(start.getTime())) {
    throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
      { field: 'start', code: 'invalid', message: 'start is not a real date-time' },
    ]);
  }
  return { start, end: addMinutes(start, durationMinutes) };
}
