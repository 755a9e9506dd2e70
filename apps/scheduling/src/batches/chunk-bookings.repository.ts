import { Queryable, SERVICE_SCHEMAS, tablesIn } from '@slotline/persistence';
import { ScheduleTransition } from '../domain';
import { AssignmentRecord, AssignmentRow } from '../assignments/assignment.record';
import { toAssignment } from '../assignments/assignments.repository';
import { BookingResourceRow } from '../booking/bookings.repository';
import { JobRecord } from '../jobs/job.record';
import { jobColumns, jobFromPrefixed } from '../jobs/jobs.repository';

/** One booking a chunk writes: the booking, the rows of what it holds, and its assignment's transition. */
export interface ChunkBookingWrite {
  bookingId: string;
  assignmentId: string;
  start: Date;
  end: Date;
  resources: readonly BookingResourceRow[];
  changes: ScheduleTransition['changes'];
}

const JOB_PREFIX = 'j_';

/**
 * SCH-8, set-based: what a batch chunk reads and writes for all of its bookings at once, one statement
 * each. The single confirm's statements (AssignmentsRepository, BookingsRepository) stay as they are.
 */
export class ChunkBookingsRepository {
  private readonly t: Record<'assignments' | 'jobs' | 'resources' | 'bookings' | 'booking_resources', string>;

  /** `schema` is the service's (SERVICE_SCHEMAS, through the composition root); tests may pass a private one. */
  constructor(schema: string = SERVICE_SCHEMAS.scheduling.schema) {
    this.t = tablesIn(schema, ['assignments', 'jobs', 'resources', 'bookings', 'booking_resources']);
  }

  /**
   * The assignments and their jobs, all row-locked by one statement, by assignment id. Rows are locked in
   * job-id order and, within each row, the job before the assignment (`FOR UPDATE OF j, a`), the order
   * every path keeps (AssignmentLocks); a row changed while this waited is read at its latest version.
   */
  async lockAssignmentsWithJobs(
    db: Queryable,
    ids: readonly string[],
  ): Promise<Map<string, { assignment: AssignmentRecord; job: JobRecord }>> {
    const rows = await db.query<Array<AssignmentRow & Record<string, unknown>>>(
      `SELECT a.*, p.time_zone AS practitioner_time_zone, j.duration_minutes, ${jobColumns(this.t, JOB_PREFIX)}
         FROM ${this.t.assignments} a
         JOIN ${this.t.resources} p ON p.id = a.practitioner_id
         JOIN ${this.t.jobs} j ON j.id = a.job_id
        WHERE a.id = ANY($1::uuid[])
        ORDER BY j.id
        FOR UPDATE OF j, a`,
      [ids],
    );
    return new Map(
      rows.map((row) => [row.id, { assignment: toAssignment(row), job: jobFromPrefixed(row, JOB_PREFIX) }]),
    );
  }

  /**
   * Every booking of the chunk, the rows of the resources each holds (by booking, then resource id, as a
   * single insert orders them) and each assignment's transition, in one statement. The exclusion
   * constraints check every resource row it writes: a clash refuses the whole statement. Answers how
   * many assignments it updated.
   */
  async insertBookingsAndSchedule(db: Queryable, writes: readonly ChunkBookingWrite[]): Promise<number> {
    const held = writes.flatMap((w) =>
      [...w.resources]
        .sort((a, b) => (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0))
        .map((r) => ({ ...r, bookingId: w.bookingId, start: w.start, end: w.end })),
    );
    const [row] = await db.query<Array<{ scheduled: number }>>(
      `WITH booking AS (
         INSERT INTO ${this.t.bookings} (id, assignment_id, during)
         SELECT b.id, b.assignment_id, tstzrange(b.s, b.e, '[)')
           FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS b(id, assignment_id, s, e, n)
          ORDER BY b.n
         RETURNING id
       ), held AS (
         INSERT INTO ${this.t.booking_resources} (booking_id, resource_id, resource_kind, booked, during)
         SELECT r.booking_id, r.resource_id, r.kind, tstzrange(r.s, r.e, '[)'),
                tstzrange(r.s - make_interval(mins => r.before_minutes), r.e + make_interval(mins => r.after_minutes), '[)')
           FROM unnest($5::uuid[], $6::uuid[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::int[], $11::int[])
                  WITH ORDINALITY AS r(booking_id, resource_id, kind, s, e, before_minutes, after_minutes, n)
           JOIN booking ON booking.id = r.booking_id
          ORDER BY r.n
         RETURNING booking_id
       ), scheduled AS (
         UPDATE ${this.t.assignments} a
            SET status = u.status, scheduled_start = u.s, scheduled_end = u.e, confirmed_at = u.confirmed_at,
                booking_id = u.booking_id, schedule_version = u.version, reminder_overdue = u.reminder_overdue,
                proposed_start = NULL, proposed_end = NULL, schedule_proposed_by = NULL, proposed_by_user_id = NULL,
                proposed_at = NULL, updated_at = now()
           FROM unnest($2::uuid[], $12::text[], $3::timestamptz[], $4::timestamptz[], $13::timestamptz[], $1::uuid[], $14::int[], $15::boolean[])
                  AS u(id, status, s, e, confirmed_at, booking_id, version, reminder_overdue)
           JOIN booking ON booking.id = u.booking_id
          WHERE a.id = u.id
         RETURNING a.id
       )
       SELECT (SELECT count(*) FROM scheduled)::int AS scheduled, (SELECT count(*) FROM held)::int AS held`,
      [
        writes.map((w) => w.bookingId),
        writes.map((w) => w.assignmentId),
        writes.map((w) => w.start.toISOString()),
        writes.map((w) => w.end.toISOString()),
        held.map((r) => r.bookingId),
        held.map((r) => r.resourceId),
        held.map((r) => r.kind),
        held.map((r) => r.start.toISOString()),
        held.map((r) => r.end.toISOString()),
        held.map((r) => r.beforeMinutes),
        held.map((r) => r.afterMinutes),
        writes.map((w) => w.changes.status),
        writes.map((w) => w.changes.confirmedAt.toISOString()),
        writes.map((w) => w.changes.scheduleVersion),
        writes.map((w) => w.changes.reminderOverdue),
      ],
    );
    return row.scheduled;
  }
}
