import { ProposeScheduleBody } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { Interval } from '../domain';
import { requestedStart } from '../common/requested-start';
import { addMinutes } from '../common/time-format';

/**
 * The window a proposal asks for: from its requested start (a local time defaults to the
 * practitioner's zone), lasting the job's duration.
 */
export function proposedWindow(
  body: ProposeScheduleBody,
  practitionerZone: string,
  durationMinutes: number,
): Interval {
  const start = requestedStart(body, practitionerZone);
  if (Number.isNaN(start.getTime())) {
    throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
      { field: 'start', code: 'invalid', message: 'start is not a real date-time' },
    ]);
  }
  return { start, end: addMinutes(start, durationMinutes) };
}
