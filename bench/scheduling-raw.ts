/**
 * The baseline for bookings per second: the same rows written straight into PostgreSQL from this
 * process, one transaction per booking as the service commits it, with none of HTTP, auth, NATS, the
 * locks, the plan (calendar load and rules) or the outbox.
 */
import { uuidv7 } from '@slotline/persistence';
import { Pool } from 'pg';
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
}): Promise<LoadResult & { firstError?: string }> {
  const pool = new Pool({
    connectionString: opts.url,
    max: opts.concurrency,
    application_name: 'bench-raw-bookings',
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
        await client.query(
          `UPDATE scheduling.assignments SET status = 'scheduled', scheduled_start = proposed_start, scheduled_end = proposed_end,
             booking_id = $2, confirmed_at = now(), schedule_version = schedule_version + 1, proposed_start = NULL,
             proposed_end = NULL, schedule_proposed_by = NULL, proposed_by_user_id = NULL, proposed_at = NULL, updated_at = now()
           WHERE id = $1`,
          [assignmentIds[i], bookingId],
        );
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
