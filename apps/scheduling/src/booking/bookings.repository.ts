import type { ResourceKindName } from '@slotline/contracts';
import { Interval } from '../domain';
import { Queryable, SERVICE_SCHEMAS, tablesIn } from '@slotline/persistence';

export interface BookingResourceRow {
  resourceId: string;
  kind: ResourceKindName;
  /** Minutes held before and after the visit (the resource's buffers when booked). */
  beforeMinutes: number;
  afterMinutes: number;
}

export interface BookingRecord {
  id: string;
  assignmentId: string;
  start: Date;
  end: Date;
  active: boolean;
  resources: Array<{ resourceId: string; kind: ResourceKindName }>;
}

/** A booking's id and window as the queries return them. */
interface BookingWindowRow {
  id: string;
  assignment_id: string;
  start: Date;
  end: Date;
}

/** A booking with the resources it holds, aggregated as json. */
interface BookingRow extends BookingWindowRow {
  active: boolean;
  resources: Array<{ resource_id: string; kind: ResourceKindName }>;
}

/** Bookings and the resource rows the exclusion constraints guard. */
export class BookingsRepository {
  private readonly t: Record<'bookings' | 'booking_resources' | 'time_off', string>;

  /** `schema` is the service's (SERVICE_SCHEMAS, through the composition root); tests may pass a private one. */
  constructor(
    private readonly db: Queryable,
    schema: string = SERVICE_SCHEMAS.scheduling.schema,
  ) {
    this.t = tablesIn(schema, ['bookings', 'booking_resources', 'time_off']);
  }

  /**
   * One booking row plus one row per resource, in one statement (one round trip in the confirm
   * transaction), the resource rows in resource-id order so that concurrent bookings lock index entries
   * in the same order (fewer deadlocks). A clash raises the constraint's error, as separate inserts did:
   * the foreign key and exclusion constraints are checked on each row the statement writes.
   */
  async insert(
    db: Queryable,
    booking: { id: string; assignmentId: string; window: Interval; resources: BookingResourceRow[] },
  ): Promise<void> {
    const sorted = [...booking.resources].sort((a, b) =>
      a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0,
    );
    await db.query(
      `WITH booking AS (
         INSERT INTO ${this.t.bookings} (id, assignment_id, during)
         VALUES ($1, $2, tstzrange($3::timestamptz, $4::timestamptz, '[)')) RETURNING id
       )
       INSERT INTO ${this.t.booking_resources} (booking_id, resource_id, resource_kind, booked, during)
       SELECT booking.id, r.resource_id, r.kind, tstzrange($3::timestamptz, $4::timestamptz, '[)'),
              tstzrange($3::timestamptz - make_interval(mins => r.before_minutes),
                        $4::timestamptz + make_interval(mins => r.after_minutes), '[)')
       FROM booking,
            unnest($5::uuid[], $6::text[], $7::int[], $8::int[]) WITH ORDINALITY
              AS r(resource_id, kind, before_minutes, after_minutes, n)
       ORDER BY r.n`,
      [
        booking.id,
        booking.assignmentId,
        booking.window.start,
        booking.window.end,
        sorted.map((r) => r.resourceId),
        sorted.map((r) => r.kind),
        sorted.map((r) => r.beforeMinutes),
        sorted.map((r) => r.afterMinutes),
      ],
    );
  }

  /**
   * Frees the booking and every resource it held, in one statement; null when it was not active
   * (already released).
   */
  async release(db: Queryable, bookingId: string, reason: string): Promise<BookingRecord | null> {
    const [row] = await db.query<BookingRow[]>(
      `WITH released AS (
         UPDATE ${this.t.bookings} SET active = false, released_at = now(), release_reason = $2
         WHERE id = $1 AND active RETURNING id, assignment_id, lower(during) AS start, upper(during) AS "end"
       ), freed AS (
         UPDATE ${this.t.booking_resources} SET active = false
         WHERE booking_id IN (SELECT id FROM released) RETURNING resource_id, resource_kind
       )
       SELECT released.*, false AS active,
              coalesce((SELECT json_agg(json_build_object('resource_id', resource_id, 'kind', resource_kind)) FROM freed), '[]') AS resources
       FROM released`,
      [bookingId, reason],
    );
    if (!row) return null;
    return {
      id: row.id,
      assignmentId: row.assignment_id,
      start: row.start,
      end: row.end,
      active: false,
      resources: row.resources.map((r) => ({ resourceId: r.resource_id, kind: r.kind })),
    };
  }

  async findById(bookingId: string, db: Queryable = this.db): Promise<BookingRecord | null> {
    const rows = await db.query<BookingRow[]>(
      `SELECT b.id, b.assignment_id, lower(b.during) AS start, upper(b.during) AS "end", b.active,
              coalesce(json_agg(json_build_object('resource_id', r.resource_id, 'kind', r.resource_kind)) FILTER (WHERE r.resource_id IS NOT NULL), '[]') AS resources
       FROM ${this.t.bookings} b LEFT JOIN ${this.t.booking_resources} r ON r.booking_id = b.id
       WHERE b.id = $1 GROUP BY b.id`,
      [bookingId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      assignmentId: row.assignment_id,
      start: row.start,
      end: row.end,
      active: row.active,
      resources: row.resources.map((r) => ({
        resourceId: r.resource_id,
        kind: r.kind,
      })),
    };
  }

  /**
   * Per resource: live bookings (as booked, without buffers) whose buffered range touches [from, to),
   * and time off touching it. One statement, so one round trip and one snapshot for both.
   */
  async findCalendarEntries(
    db: Queryable,
    resourceIds: readonly string[],
    from: Date,
    to: Date,
    excludeBookingId?: string | null,
  ): Promise<{ bookings: Map<string, Interval[]>; timeOff: Map<string, Interval[]> }> {
    const bookings = new Map<string, Interval[]>(resourceIds.map((id) => [id, []]));
    const timeOff = new Map<string, Interval[]>(resourceIds.map((id) => [id, []]));
    if (!resourceIds.length) return { bookings, timeOff };
    const rows = await db.query<Array<{ booked: boolean; resource_id: string } & Interval>>(
      `SELECT true AS booked, resource_id, lower(booked) AS start, upper(booked) AS "end"
       FROM ${this.t.booking_resources}
       WHERE active AND resource_id = ANY($1::uuid[]) AND during && tstzrange($2::timestamptz, $3::timestamptz, '[)')
         AND ($4::uuid IS NULL OR booking_id <> $4)
       UNION ALL
       SELECT false, resource_id, lower(during), upper(during) FROM ${this.t.time_off}
       WHERE resource_id = ANY($1::uuid[]) AND during && tstzrange($2::timestamptz, $3::timestamptz, '[)')`,
      [resourceIds, from, to, excludeBookingId ?? null],
    );
    for (const row of rows) {
      (row.booked ? bookings : timeOff).get(row.resource_id)?.push({ start: row.start, end: row.end });
    }
    return { bookings, timeOff };
  }
}
