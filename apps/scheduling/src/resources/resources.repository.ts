import type { ResourceKindName } from '@slotline/contracts';
import { Queryable, returnedRows, SERVICE_SCHEMAS, tablesIn, updateSet } from '@slotline/persistence';
import { normaliseHours } from './weekly-hours.mapper';
import {
  NewResource,
  ResourceChanges,
  ResourceRecord,
  ResourceRow,
  TimeOffRecord,
  TimeOffRow,
} from './resource.record';

const RESOURCE_COLUMNS = `id, kind, user_id, name, time_zone, weekly_hours, buffer_before_minutes, buffer_after_minutes,
  active, created_at, updated_at`;

const CHANGE_COLUMNS: Record<keyof ResourceChanges, string> = {
  name: 'name',
  timeZone: 'time_zone',
  weeklyHours: 'weekly_hours',
  bufferBeforeMinutes: 'buffer_before_minutes',
  bufferAfterMinutes: 'buffer_after_minutes',
  active: 'active',
};

/** Practitioners, rooms, equipment and their time off. */
export class ResourcesRepository {
  private readonly t: Record<'resources' | 'time_off' | 'booking_resources', string>;

  /** `schema` is the service's (SERVICE_SCHEMAS, through the composition root); tests may pass a private one. */
  constructor(
    private readonly db: Queryable,
    schema: string = SERVICE_SCHEMAS.scheduling.schema,
  ) {
    this.t = tablesIn(schema, ['resources', 'time_off', 'booking_resources']);
  }

  /** Returns null when the provider already has a practitioner record (the unique index decides). */
  async insert(db: Queryable, resource: NewResource): Promise<ResourceRecord | null> {
    const rows = await db.query<ResourceRow[]>(
      `INSERT INTO ${this.t.resources} (id, kind, user_id, name, time_zone, weekly_hours, buffer_before_minutes, buffer_after_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (user_id) WHERE kind = 'practitioner' DO NOTHING
       RETURNING ${RESOURCE_COLUMNS}`,
      [
        resource.id,
        resource.kind,
        resource.userId,
        resource.name,
        resource.timeZone,
        JSON.stringify(resource.weeklyHours),
        resource.bufferBeforeMinutes,
        resource.bufferAfterMinutes,
      ],
    );
    return rows[0] ? toResource(rows[0]) : null;
  }

  async findById(
    id: string,
    kind?: ResourceKindName,
    db: Queryable = this.db,
  ): Promise<ResourceRecord | null> {
    const rows = await db.query<ResourceRow[]>(
      `SELECT ${RESOURCE_COLUMNS} FROM ${this.t.resources} WHERE id = $1 AND ($2::text IS NULL OR kind = $2)`,
      [id, kind ?? null],
    );
    return rows[0] ? toResource(rows[0]) : null;
  }

  async lockById(db: Queryable, id: string, kind: ResourceKindName): Promise<ResourceRecord | null> {
    const rows = await db.query<ResourceRow[]>(
      `SELECT ${RESOURCE_COLUMNS} FROM ${this.t.resources} WHERE id = $1 AND kind = $2 FOR UPDATE`,
      [id, kind],
    );
    return rows[0] ? toResource(rows[0]) : null;
  }

  async findPractitionerByUser(userId: string, db: Queryable = this.db): Promise<ResourceRecord | null> {
    const rows = await db.query<ResourceRow[]>(
      `SELECT ${RESOURCE_COLUMNS} FROM ${this.t.resources} WHERE kind = 'practitioner' AND user_id = $1`,
      [userId],
    );
    return rows[0] ? toResource(rows[0]) : null;
  }

  async findByIds(ids: readonly string[], db: Queryable = this.db): Promise<ResourceRecord[]> {
    if (!ids.length) return [];
    const rows = await db.query<ResourceRow[]>(
      `SELECT ${RESOURCE_COLUMNS} FROM ${this.t.resources} WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(toResource);
  }

  /**
   * Share-locks the resources a booking is about to hold: bookings of one resource still run side by
   * side, but a change of its hours, its deactivation or new time off (which take the row lock) waits
   * until the booking is in, and then sees it. In id order, like every other multi-row lock.
   */
  /**
   * The booking path's lock (docs/adr/0004, "Lock order"): every resource of a booking, exclusively
   * (`FOR NO KEY UPDATE`, which foreign-key checks of other tables do not wait for) and in id order,
   * before any booking row is touched. Bookings that share a resource queue here one behind the other
   * instead of meeting in the exclusion constraint in different orders and deadlocking.
   * Transaction-scoped, so it is safe behind PgBouncer in transaction mode.
   */
  async lockForBooking(db: Queryable, ids: readonly string[]): Promise<ResourceRecord[]> {
    if (!ids.length) return [];
    const rows = await db.query<ResourceRow[]>(
      `SELECT ${RESOURCE_COLUMNS} FROM ${this.t.resources} WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
      [ids],
    );
    return rows.map(toResource);
  }

  async lockSharedByIds(db: Queryable, ids: readonly string[]): Promise<ResourceRecord[]> {
    if (!ids.length) return [];
    const rows = await db.query<ResourceRow[]>(
      `SELECT ${RESOURCE_COLUMNS} FROM ${this.t.resources} WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`,
      [ids],
    );
    return rows.map(toResource);
  }

  /** Active resources of a kind, oldest first, for availability and capacity over "all of them". */
  async findActiveOfKind(kind: ResourceKindName, max: number): Promise<ResourceRecord[]> {
    const rows = await this.db.query<ResourceRow[]>(
      `SELECT ${RESOURCE_COLUMNS} FROM ${this.t.resources} WHERE kind = $1 AND active ORDER BY id LIMIT $2`,
      [kind, max],
    );
    return rows.map(toResource);
  }

  /** Newest first, `limit + 1` rows so the caller can tell whether more exist. */
  async listPage(
    kind: ResourceKindName,
    opts: { active?: boolean; afterId?: string; limit: number },
  ): Promise<ResourceRecord[]> {
    const rows = await this.db.query<ResourceRow[]>(
      `SELECT ${RESOURCE_COLUMNS} FROM ${this.t.resources}
       WHERE kind = $1 AND ($2::boolean IS NULL OR active = $2) AND ($3::uuid IS NULL OR id < $3)
       ORDER BY id DESC LIMIT $4`,
      [kind, opts.active ?? null, opts.afterId ?? null, opts.limit + 1],
    );
    return rows.map(toResource);
  }

  async update(db: Queryable, id: string, changes: ResourceChanges): Promise<ResourceRecord> {
    const { set, params } = updateSet(id, changes, CHANGE_COLUMNS, (key, value) =>
      key === 'weeklyHours' ? JSON.stringify(value) : value,
    );
    const rows = returnedRows(
      await db.query<ResourceRow[]>(
        `UPDATE ${this.t.resources} SET ${set} WHERE id = $1 RETURNING ${RESOURCE_COLUMNS}`,
        params,
      ),
    );
    return toResource(rows[0]);
  }

  async insertTimeOff(db: Queryable, t: Omit<TimeOffRecord, 'createdAt'>): Promise<TimeOffRecord> {
    const rows = await db.query<TimeOffRow[]>(
      `INSERT INTO ${this.t.time_off} (id, resource_id, during, reason) VALUES ($1, $2, tstzrange($3::timestamptz, $4::timestamptz, '[)'), $5)
       RETURNING id, resource_id, lower(during) AS start, upper(during) AS "end", reason, created_at`,
      [t.id, t.resourceId, t.start, t.end, t.reason],
    );
    return toTimeOff(rows[0]);
  }

  /** Time off touching [from, to), earliest first, keyset-paged by (start, id). */
  async listTimeOff(
    resourceId: string,
    from: Date,
    to: Date,
    after: { start: Date; id: string } | undefined,
    limit: number,
  ): Promise<TimeOffRecord[]> {
    const rows = await this.db.query<TimeOffRow[]>(
      `SELECT id, resource_id, lower(during) AS start, upper(during) AS "end", reason, created_at FROM ${this.t.time_off}
       WHERE resource_id = $1 AND during && tstzrange($2::timestamptz, $3::timestamptz, '[)')
         AND ($4::timestamptz IS NULL OR (lower(during), id) > ($4, $5::uuid))
       ORDER BY lower(during), id LIMIT $6`,
      [resourceId, from, to, after?.start ?? null, after?.id ?? null, limit + 1],
    );
    return rows.map(toTimeOff);
  }

  async deleteTimeOff(db: Queryable, resourceId: string, timeOffId: string): Promise<TimeOffRecord | null> {
    const rows = returnedRows(
      await db.query<TimeOffRow[]>(
        `DELETE FROM ${this.t.time_off} WHERE id = $1 AND resource_id = $2
       RETURNING id, resource_id, lower(during) AS start, upper(during) AS "end", reason, created_at`,
        [timeOffId, resourceId],
      ),
    );
    return rows[0] ? toTimeOff(rows[0]) : null;
  }

  /** Live bookings of the resource that overlap [start, end) — time off may not hide a booked visit. */
  async findActiveBookingOverlapping(
    db: Queryable,
    resourceId: string,
    start: Date,
    end: Date,
  ): Promise<{ start: Date; end: Date } | null> {
    const rows = await db.query<Array<{ start: Date; end: Date }>>(
      `SELECT lower(booked) AS start, upper(booked) AS "end" FROM ${this.t.booking_resources}
       WHERE active AND resource_id = $1 AND booked && tstzrange($2::timestamptz, $3::timestamptz, '[)') ORDER BY lower(booked) LIMIT 1`,
      [resourceId, start, end],
    );
    return rows[0] ? { start: rows[0].start, end: rows[0].end } : null;
  }
}

function toResource(row: ResourceRow): ResourceRecord {
  return {
    id: row.id,
    kind: row.kind,
    userId: row.user_id,
    name: row.name,
    timeZone: row.time_zone,
    weeklyHours: normaliseHours(row.weekly_hours),
    bufferBeforeMinutes: row.buffer_before_minutes,
    bufferAfterMinutes: row.buffer_after_minutes,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toTimeOff(row: TimeOffRow): TimeOffRecord {
  return {
    id: row.id,
    resourceId: row.resource_id,
    start: row.start,
    end: row.end,
    reason: row.reason,
    createdAt: row.created_at,
  };
}
