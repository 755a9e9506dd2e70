import type { Interval } from '../time/interval';
import type { WeeklyHours } from '../time/weekly-hours';

export type ResourceKind = 'practitioner' | 'room' | 'equipment';

/** Preparation before and clean-up after each booking of a resource, in minutes. */
export interface Buffers {
  before_minutes: number;
  after_minutes: number;
}

/** Time off and other exceptions to the weekly hours, as UTC instants. */
export type TimeOff = Interval[];

/** Everything the engine needs to know about one bookable resource. */
export interface ResourceCalendar {
  id: string;
  kind: ResourceKind;
  /** IANA name, e.g. `Europe/London`. */
  time_zone: string;
  weekly_hours: WeeklyHours;
  time_off: TimeOff;
  buffers: Buffers;
  /** Existing bookings as booked (without buffers); leave out the booking being rescheduled. */
  bookings: Interval[];
}
