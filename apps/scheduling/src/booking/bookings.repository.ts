import type { ResourceKindName } from '@slotline/contracts';
import { Interval } from '../domain';
import { Queryable, returnedRows, SERVICE_SCHEMAS, tablesIn } from '@slotline/persistence';

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

/** What releasing a booking returns of it. */
interface BookingWindowRow {
  id: string;
  assignment_id: string;
  start: Date;
  end: Date;
}

interface HeldResourceRow {
  resource_id: string;
  resource_kind: ResourceKindName;
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
   * One booking row plus one row per resource, in resource-id order so that concurrent bookings lock
   * index entries in the same order (fewer deadlocks). A clash raises the constraint's error.
   */
  async insert(
    db: Queryable,
    booking: { id: string; assignmentId: string; window: Interval; resources: BookingResourceRow[] },
  ): Promise<void> {
    await db.query(
      `INSERT INTO ${this.t.bookings} (id, assignment_id, during) VALUES ($1, $2, tstzrange($3::timestamptz, $4::timestamptz, '[)'))`,
      [booking.id, booking.assignmentId, booking.window.start, booking.window.end],
    );
    const sorted = [...booking.resources].sort((a, b) =>
      a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0,
    );
    for (const r of sorted) {
      await db.query(
        `INSERT INTO ${this.t.booking_resources} (booking_id, resource_id, resource_kind, booked, during)
         VALUES ($1, $2, $3, tstzrange($4::timestamptz, $5::timestamptz, '[)'),
                 tstzrange($4::timestamptz - make_interval(mins => $6), $5::timestamptz + make_interval(mins => $7), '[)'))`,
        [
          booking.id,
          r.resourceId,
          r.kind,
          booking.window.start,
          booking.window.end,
          r.beforeMinutes,
          r.afterMinutes,
        ],
      );
    }
  }

  /** Frees the booking and every resource it held; null when it was not active (already released). */
  async release(db: Queryable, bookingId: string, reason: string): Promise<BookingRecord | null> {
    const rows = returnedRows(
      await db.query<BookingWindowRow[] | [BookingWindowRow[], number]>(
        `UPDATE ${this.t.bookings} SET active = false, released_at = now(), release_reason = $2
       WHERE id = $1 AND active RETURNING id, assignment_id, lower(during) AS start, upper(during) AS "end"`,
        [bookingId, reason],
      ),
    );
    if (!rows[0]) return null;
    const resources = returnedRows(
      await db.query<HeldResourceRow[] | [HeldResourceRow[], number]>(
        `UPDATE ${this.t.booking_resources} SET active = false WHERE booking_id = $1 RETURNING resource_id, resource_kind`,
        [bookingId],
      ),
    );
    return {
      id: rows[0].id,
      assignmentId: rows[0].assignment_id,
      start: rows[0].start,
      end: rows[0].end,
      active: false,
      resources: resources.map((r) => ({ resourceId: r.resource_id, kind: r.resource_kind })),
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

  /** Live bookings (as booked, without buffers) per resource whose buffered range touches [from, to). */
  async findActiveByResources(
    db: Queryable,
    resourceIds: readonly string[],
    from: Date,
    to: Date,
    excludeBookingId?: string | null,
  ): Promise<Map<string, Interval[]>> {
    const byResource = new Map<string, Interval[]>(resourceIds.map((id) => [id, []]));
    if (!resourceIds.length) return byResource;
    const rows = await db.query<Array<{ resource_id: string } & Interval>>(
      `SELECT resource_id, lower(booked) AS start, upper(booked) AS "end" FROM ${this.t.booking_resources}
       WHERE active AND resource_id = ANY($1::uuid[]) AND during && tstzrange($2::timestamptz, $3::timestamptz, '[)')
         AND ($4::uuid IS NULL OR booking_id <> $4)`,
      [resourceIds, from, to, excludeBookingId ?? null],
    );
    for (const row of rows) byResource.get(row.resource_id)?.push({ start: row.start, end: row.end });
    return byResource;
  }

  async findTimeOffByResources(
    db: Queryable,
    resourceIds: readonly string[],
    from: Date,
    to: Date,
  ): Promise<Map<string, Interval[]>> {
    const byResource = new Map<string, Interval[]>(resourceIds.map((id) => [id, []]));
    if (!resourceIds.length) return byResource;
    const rows = await db.query<Array<{ resource_id: string } & Interval>>(
      `SELECT resource_id, lower(during) AS start, upper(during) AS "end" FROM ${this.t.time_off}
       WHERE resource_id = ANY($1::uuid[]) AND during && tstzrange($2::timestamptz, $3::timestamptz, '[)')`,
      [resourceIds, from, to],
    );
    for (const row of rows) byResource.get(row.resource_id)?.push({ start: row.start, end: row.end });
    return byResource;
  }
}
