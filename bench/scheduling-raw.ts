/**
 * The baselines for bookings per second, straight into PostgreSQL from this process, one transaction per
 * booking. `rows`: only the rows a booking leaves (booking, its resource row, the assignment update) —
 * none of HTTP, auth, NATS, the locks, the calendar read or the outbox. `same`: every statement the
 * service's confirm transaction runs for a call without an Idempotency-Key (as the benchmark's are), in
 * its order, with the same locks, reads and writes — 8 round trips: begin with the deadline's
 * statement_timeout, job and assignment locked, the resource lock, the calendar read, booking +
 * resources, the assignment update answering the row, two outbox events of the service's size in one
 * insert, commit — only the rules' evaluation in JS is absent.
 */
import { uuidv7 } from '@slotline/persistence';
import { Pool, PoolClient } from 'pg';
import { LoadResult, runLoad } from './load';

export interface RawWindow {
  practitionerId: string;
  start: Date;
  end: Date;
}

/** Jobs and assignments with a pending proposal for each window, as the negotiation leaves them (not timed). */
export async function prepareAssignments(
  pool: Pool,
  windows: RawWindow[],
  customerId: string,
  providerUserId: string,
): Promise<string[]> {
  const jobIds = windows.map(() => uuidv7());
  const assignmentIds = windows.map(() => uuidv7());
  await pool.query(
    `INSERT INTO scheduling.jobs (id, customer_id, service_type, duration_minutes, price_amount, currency, time_zone, status)
     SELECT unnest($1::uuid[]), $2, 'physio', 60, 12500, 'GBP', 'Europe/London', 'assigned'`,
    [jobIds, customerId],
  );
  await pool.query(
    `INSERT INTO scheduling.assignments (id, job_id, practitioner_id, provider_user_id, customer_id, status, schedule_version,
       proposed_start, proposed_end, schedule_proposed_by, proposed_by_user_id, proposed_at)
     SELECT a, j, p, $4, $5, 'awaiting_schedule', 1, s, e, 'customer', $5, now()
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $6::timestamptz[], $7::timestamptz[]) AS t(a, j, p, s, e)`,
    [
      assignmentIds,
      jobIds,
      windows.map((w) => w.practitionerId),
      providerUserId,
      customerId,
      windows.map((w) => w.start),
      windows.map((w) => w.end),
    ],
  );
  return assignmentIds;
}

/** Inserts one booking per window at `concurrency`, each in its own transaction; returns the load figures. */
export async function rawBookings(opts: {
  url: string;
  windows: RawWindow[];
  /** The first `warmup` windows are booked untimed (connections, plans and caches warm). */
  warmup: number;
  concurrency: number;
  customerId: string;
  providerUserId: string;
  /** Every statement of the service's confirm transaction, not only the rows it leaves. */
  sameWork?: boolean;
}): Promise<LoadResult & { firstError?: string }> {
  const pool = new Pool({
    connectionString: opts.url,
    max: opts.concurrency,
    application_name: 'bench-raw-bookings',
    // As the services' pools (createDataSource): the same-statements run sends them as the service does.
    pipeline: true,
  });
  try {
    const assignmentIds = await prepareAssignments(pool, opts.windows, opts.customerId, opts.providerUserId);
    let next = 0;
    let firstError: string | undefined;
    const book = async (): Promise<boolean> => {
      const i = next++;
      const w = opts.windows[i];
      const bookingId = uuidv7();
      const client = await pool.connect();
      try {
        if (opts.sameWork) {
          await sameWorkBefore(client, assignmentIds[i], w);
          // The booking, the assignment and the events in one round trip, as BookAssignment sends them.
          await Promise.all([
            client.query(
              `WITH booking AS (
                 INSERT INTO scheduling.bookings (id, assignment_id, during)
                 VALUES ($1, $2, tstzrange($3::timestamptz, $4::timestamptz, '[)')) RETURNING id
               )
               INSERT INTO scheduling.booking_resources (booking_id, resource_id, resource_kind, booked, during)
               SELECT booking.id, $5, 'practitioner', tstzrange($3::timestamptz, $4::timestamptz, '[)'),
                      tstzrange($3::timestamptz - make_interval(mins => 0), $4::timestamptz + make_interval(mins => 0), '[)')
               FROM booking`,
              [bookingId, assignmentIds[i], w.start, w.end, w.practitionerId],
            ),
            client.query(
              `WITH a AS (${ASSIGNMENT_SCHEDULED} RETURNING *)
               SELECT a.*, p.time_zone AS practitioner_time_zone, j.duration_minutes
               FROM a JOIN scheduling.resources p ON p.id = a.practitioner_id JOIN scheduling.jobs j ON j.id = a.job_id`,
              [assignmentIds[i], bookingId],
            ),
            sameWorkAfter(client),
          ]);
        } else {
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO scheduling.bookings (id, assignment_id, during) VALUES ($1, $2, tstzrange($3::timestamptz, $4::timestamptz, '[)'))`,
            [bookingId, assignmentIds[i], w.start, w.end],
          );
          await client.query(
            `INSERT INTO scheduling.booking_resources (booking_id, resource_id, resource_kind, booked, during)
             VALUES ($1, $2, 'practitioner', tstzrange($3::timestamptz, $4::timestamptz, '[)'),
                     tstzrange($3::timestamptz - make_interval(mins => 0), $4::timestamptz + make_interval(mins => 0), '[)'))`,
            [bookingId, w.practitionerId, w.start, w.end],
          );
          await client.query(ASSIGNMENT_SCHEDULED, [assignmentIds[i], bookingId]);
        }
        await client.query('COMMIT');
        return true;
      } catch (err) {
        await client.query('ROLLBACK');
        firstError ??= (err as Error).message;
        return false;
      } finally {
        client.release();
      }
    };
    await runLoad({ total: opts.warmup, concurrency: opts.concurrency, send: book });
    const r = await runLoad({
      total: opts.windows.length - opts.warmup,
      concurrency: opts.concurrency,
      send: book,
    });
    return { ...r, firstError };
  } finally {
    await pool.end();
  }
}

/** The assignment as a confirm leaves it ($1 = assignment id, $2 = booking id). */
const ASSIGNMENT_SCHEDULED = `UPDATE scheduling.assignments SET status = 'scheduled', scheduled_start = proposed_start, scheduled_end = proposed_end,
   booking_id = $2, confirmed_at = now(), schedule_version = schedule_version + 1, proposed_start = NULL,
   proposed_end = NULL, schedule_proposed_by = NULL, proposed_by_user_id = NULL, proposed_at = NULL, updated_at = now()
 WHERE id = $1`;

/**
 * The statements the service runs before it writes the booking (TransactionRunner, AssignmentLocks,
 * SchedulingService), in its round trips: the opening with the job and assignment lock, then the
 * resource lock with the calendar read.
 */
async function sameWorkBefore(client: PoolClient, assignmentId: string, w: RawWindow): Promise<void> {
  await Promise.all([
    client.query('START TRANSACTION; SET LOCAL statement_timeout = 4000'),
    client.query(
      `SELECT a.*, p.time_zone, j.* FROM scheduling.assignments a
         JOIN scheduling.resources p ON p.id = a.practitioner_id JOIN scheduling.jobs j ON j.id = a.job_id
       WHERE a.id = $1 FOR UPDATE OF j, a`,
      [assignmentId],
    ),
  ]);
  const from = new Date(w.start.getTime() - 86_400_000);
  const to = new Date(w.end.getTime() + 2 * 86_400_000);
  await Promise.all([
    client.query(
      'SELECT * FROM scheduling.resources WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE',
      [[w.practitionerId]],
    ),
    client.query(
      `SELECT true AS booked, resource_id, lower(booked) AS start, upper(booked) AS "end"
       FROM scheduling.booking_resources
       WHERE active AND resource_id = ANY($1::uuid[]) AND during && tstzrange($2::timestamptz, $3::timestamptz, '[)')
         AND ($4::uuid IS NULL OR booking_id <> $4)
       UNION ALL
       SELECT false, resource_id, lower(during), upper(during) FROM scheduling.time_off
       WHERE resource_id = ANY($1::uuid[]) AND during && tstzrange($2::timestamptz, $3::timestamptz, '[)')`,
      [[w.practitionerId], from, to, null],
    ),
  ]);
}

/** Envelopes of about the service's size (booking_created, schedule_confirmed), in one insert. */
const EVENT_BODY = JSON.stringify({ padding: 'x'.repeat(900) });
const HEADERS = JSON.stringify({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });

async function sameWorkAfter(client: PoolClient): Promise<void> {
  await client.query(
    // Marked published: the running relay must not hand these stand-ins to the consumers.
    `INSERT INTO scheduling.outbox (id, subject, envelope, headers, published_at)
     VALUES ($1, 'evt.scheduling.booking.created.v1', $3, $4, now()), ($2, 'evt.scheduling.schedule.confirmed.v1', $3, $4, now())`,
    [uuidv7(), uuidv7(), EVENT_BODY, HEADERS],
  );
}
