import { Interval, ResourceCalendar } from '../domain';
import { Queryable } from '@slotline/persistence';
import { DAY_MS } from '../common/time-format';
import { ResourceRecord } from '../resources/resource.record';
import { toDomainHours } from '../resources/weekly-hours.mapper';
import { BookingsRepository } from './bookings.repository';

/** Builds the domain's view of resources (hours, time off, bookings) for a span of time. */
export class CalendarLoader {
  constructor(
    private readonly bookings: BookingsRepository,
    private readonly db: Queryable,
  ) {}

  /**
   * Time off and live bookings touching `range`, widened by a day on each side so that buffers (at
   * most 12 h each) of bookings just outside it are seen. `excludeBookingId` leaves out the booking
   * being replaced by a reschedule.
   */
  async load(
    resources: readonly ResourceRecord[],
    range: Interval,
    opts: { db?: Queryable; excludeBookingId?: string | null } = {},
  ): Promise<ResourceCalendar[]> {
    const entries = await this.entries(
      resources.map((r) => r.id),
      range,
      opts,
    );
    return calendarsOf(resources, entries);
  }

  /**
   * The read `load` makes, for a caller that sends it before it has the resources' rows: the booking
   * path sends it right behind the resources' lock, in the same round trip (SchedulingService.commit).
   */
  entries(
    resourceIds: readonly string[],
    range: Interval,
    opts: { db?: Queryable; excludeBookingId?: string | null } = {},
  ): Promise<CalendarEntries> {
    const from = new Date(range.start.getTime() - DAY_MS);
    const to = new Date(range.end.getTime() + DAY_MS);
    return this.bookings.findCalendarEntries(
      opts.db ?? this.db,
      resourceIds,
      from,
      to,
      opts.excludeBookingId,
    );
  }
}

/** Per resource id: its live bookings and its time off (BookingsRepository.findCalendarEntries). */
export interface CalendarEntries {
  bookings: Map<string, Interval[]>;
  timeOff: Map<string, Interval[]>;
}

export function calendarsOf(
  resources: readonly ResourceRecord[],
  entries: CalendarEntries,
): ResourceCalendar[] {
  return resources.map((r) =>
    toCalendar(r, entries.timeOff.get(r.id) ?? [], entries.bookings.get(r.id) ?? []),
  );
}

export function toCalendar(r: ResourceRecord, timeOff: Interval[], bookings: Interval[]): ResourceCalendar {
  return {
    id: r.id,
    kind: r.kind,
    time_zone: r.timeZone,
    weekly_hours: toDomainHours(r.weeklyHours),
    time_off: timeOff,
    buffers: { before_minutes: r.bufferBeforeMinutes, after_minutes: r.bufferAfterMinutes },
    bookings,
  };
}
