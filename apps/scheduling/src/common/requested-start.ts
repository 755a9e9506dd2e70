import { AppError } from '@slotline/errors';
import { resolveLocalTime } from '../domain';
import { domainSync } from './domain-error.mapper';

/** How a request names a start: an instant, or a local time in a zone. */
export interface StartRequest {
  start?: string;
  local_start?: string;
  time_zone?: string;
  ambiguous?: 'earlier' | 'later';
}

/**
 * The instant a request asks to start at: `start`, or `local_start` read in `time_zone` (default:
 * `defaultZone`); exactly one of the two. A local time inside a DST gap is refused
 * (BR_NONEXISTENT_LOCAL_TIME with the next valid instant); one in an overlap takes `ambiguous`.
 */
export function requestedStart(body: StartRequest, defaultZone: string): Date {
  if ((body.start === undefined) === (body.local_start === undefined)) {
    throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
      {
        field: 'start',
        code: 'exactlyOne',
        message: 'send either start (with offset) or local_start (with time_zone)',
      },
    ]);
  }
  return body.start
    ? new Date(body.start)
    : domainSync(
        () =>
          resolveLocalTime(body.local_start!, body.time_zone ?? defaultZone, {
            ambiguous: body.ambiguous,
          }).instant,
      );
}
