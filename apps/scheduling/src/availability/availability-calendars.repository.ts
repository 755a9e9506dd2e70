import type { ResourceKindName, WeeklyHoursView } from '@slotline/contracts';
import { Queryable, SERVICE_SCHEMAS, tablesIn } from '@slotline/persistence';
import { DAY_MS } from '../common/time-format';
import { blockedBounds, Interval, SlotCalendar, WeeklyHours } from '../domain';
import { toDomainHours } from '../resources/weekly-hours.mapper';

/** One resource as availability needs it: whether it may be offered, and its calendar. */
export interface AvailabilityCalendar {
  kind: ResourceKindName;
  active: boolean;
  calendar: SlotCalendar;
}

interface CalendarRow {
  id: string;
  kind: ResourceKindName;
  active: boolean;
  time_zone: string;
  /** The stored jsonb as text, the key of {@link AvailabilityCalendarsRepository}'s hours cache. */
  weekly_hours: string | null;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  /** Flat `[start, end, start, end, …]` epoch milliseconds (json), null when there are none. */
  bookings: number[] | null;
  time_off: number[] | null;
}

const KINDS: readonly ResourceKindName[] = ['practitioner', 'room', 'equipment'];
const MAX_CACHED_SCHEDULES = 10_000;

/**
 * The read behind a page of availability: the resources asked for and, for each, its live bookings and
 * time off around a range — one statement, one round trip, the columns the engine needs and the instants
 * as one flat json array of epoch milliseconds per resource (cheaper to decode than a timestamp per row,
 * or an array per pair), merged into what blocks each resource without a `Date` made on the way. The
 * booking path keeps its own read (CalendarLoader), inside its transaction.
 */
export class AvailabilityCalendarsRepository {
  private readonly sql: string;
  /**
   * Weekly hours by their stored text: practitioners share a handful of schedules and keep them for
   * months, and the engine parses a `WeeklyHours` object once (weekly-hours.ts), so handing it the same
   * object every read saves decoding and parsing 50 schedules per page. Never mutated once built.
   */
  private readonly hours = new Map<string, WeeklyHours>();

  /** `schema` is the service's (SERVICE_SCHEMAS, through the composition root); tests may pass a private one. */
  constructor(
    private readonly db: Queryable,
    schema: string = SERVICE_SCHEMAS.scheduling.schema,
  ) {
    this.sql = availabilityCalendarsSql(schema);
  }

  /**
   * The resources of `ids` that exist (active or not), by id, with the time off and live bookings
   * touching `range` widened by a day on each side — buffers (at most 12 h each) of bookings just outside
   * it count — as CalendarLoader reads them for a booking.
   */
  async calendarsOf(ids: readonly string[], range: Interval): Promise<Map<string, AvailabilityCalendar>> {
    if (!ids.length) return new Map();
    const from = new Date(range.start.getTime() - DAY_MS);
    const to = new Date(Math.max(range.end.getTime(), range.start.getTime()) + DAY_MS);
    const rows = await this.db.query<CalendarRow[]>(this.sql, [ids, from, to]);
    return new Map(
      rows.map((row) => [row.id, toAvailabilityCalendar(row, this.weeklyHours(row.weekly_hours))]),
    );
  }

  private weeklyHours(text: string | null): WeeklyHours {
    if (text === null) return toDomainHours(null);
    let hours = this.hours.get(text);
    if (!hours) {
      if (this.hours.size >= MAX_CACHED_SCHEDULES) this.hours.clear();
      hours = toDomainHours(JSON.parse(text) as WeeklyHoursView);
      this.hours.set(text, hours);
    }
    return hours;
  }
}

/**
 * The statement, for `$1` the ids, `$2`–`$3` the widened range (exported for the benchmark's raw-reads
 * baseline, which runs exactly this).
 */
export function availabilityCalendarsSql(schema: string): string {
  const t = tablesIn(schema, ['resources', 'booking_resources', 'time_off']);
  const during = `tstzrange($2::timestamptz, $3::timestamptz, '[)')`;
  const ms = (instant: string) => `floor(extract(epoch FROM ${instant}) * 1000)::bigint`;
  // Flat bounds (`[s0,e0,s1,e1,…]`) in start order: JSON.parse makes one array of numbers of it, not
  // one per pair, and the engine merges the two lists without sorting them.
  const pairs = (range: string) =>
    `('[' || string_agg(${ms(`lower(${range})`)} || ',' || ${ms(`upper(${range})`)}, ',' ORDER BY lower(${range})) || ']')::json`;
  // One probe per resource and kind, so that each uses that kind's partial exclusion index on
  // (resource_id, during) — a filter on `active` alone matches none of them and scans the table.
  const live = KINDS.map(
    (kind) => `SELECT b.booked FROM ${t.booking_resources} b
      WHERE r.kind = '${kind}' AND b.resource_kind = '${kind}' AND b.active AND b.resource_id = r.id AND b.during && ${during}`,
  ).join(' UNION ALL ');
  return `SELECT r.id, r.kind, r.active, r.time_zone, r.weekly_hours::text AS weekly_hours, r.buffer_before_minutes, r.buffer_after_minutes,
      (SELECT ${pairs('l.booked')} FROM (${live}) l) AS bookings,
      (SELECT ${pairs('o.during')} FROM ${t.time_off} o WHERE o.resource_id = r.id AND o.during && ${during}) AS time_off
    FROM ${t.resources} r WHERE r.id = ANY($1::uuid[])`;
}

function toAvailabilityCalendar(row: CalendarRow, weeklyHours: WeeklyHours): AvailabilityCalendar {
  return {
    kind: row.kind,
    active: row.active,
    calendar: {
      id: row.id,
      time_zone: row.time_zone,
      weekly_hours: weeklyHours,
      blocked: blockedBounds({
        buffers: { before_minutes: row.buffer_before_minutes, after_minutes: row.buffer_after_minutes },
        time_off: row.time_off ?? [],
        bookings: row.bookings ?? [],
      }),
    },
  };
}
