import type { ErrorCode } from '@slotline/contracts';
import type { ResourceKind } from '../resources/resource-calendar';
import type { Interval } from '../time/interval';

export type ViolationCode = Extract<
  ErrorCode,
  | 'BR_OUTSIDE_WORKING_HOURS'
  | 'BR_RESOURCE_TIME_OFF'
  | 'BR_WINDOW_IN_PAST'
  | 'CF_PRACTITIONER_BUSY'
  | 'CF_ROOM_BUSY'
  | 'CF_RESOURCE_BUSY'
>;

/** One reason a window cannot be booked. Rules report these; they never throw. */
export interface Violation {
  code: ViolationCode;
  /** The resource the rule is about; null for rules about the window itself (in the past). */
  resource_id: string | null;
  resource_kind: ResourceKind | null;
  message: string;
  /** The existing booking (as booked, without buffers) or the time off that is in the way. */
  clashing?: Interval;
}

export const BUSY_CODE_BY_KIND = {
  practitioner: 'CF_PRACTITIONER_BUSY',
  room: 'CF_ROOM_BUSY',
  equipment: 'CF_RESOURCE_BUSY',
} as const satisfies Record<ResourceKind, ViolationCode>;

export function describeInterval(interval: Interval): string {
  return `${interval.start.toISOString()}–${interval.end.toISOString()}`;
}
