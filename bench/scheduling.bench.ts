/**
 * npm run bench:scheduling — starts the five apps as `npm start` does (own ports and NATS prefix) on the
 * dev database, and prints: bookings committed per second through the gateway next to raw inserts into
 * the same tables, availability for 50 practitioners × 31 days, and a 100-way conflicting confirm burst.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { RunningProcess } from '../scripts/platform/processes';
import { EventArrivals } from './event-arrivals';
import { fmt, percentile, runLoad } from './load';
import {
  BenchPlatform,
  benchDatabaseUrl,
  cpuMs,
  machineLine,
  queriesRun,
  retirePractitioners,
  runBench,
  runQueueWaitMs,
  settle,
  UNTHROTTLED_ENV,
  withPlatform,
} from './platform';
import { SchedulingApi, inBatches, localAt } from './scheduling-api';
import { BOOKING_ZONE, Cast, PRACTITIONER_COUNT, castAndCalendars, windowAt } from './scheduling-fixtures';
import { rawBookings } from './scheduling-raw';
import { AVAILABILITY_ONLY, availability, bookCalendarsRaw } from './scheduling-availability';

const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4200);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 400);
const WARMUP = 40;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const BURST = 100;
/** Only the bookings and their baselines (`BENCH_ONLY=bookings`): a profile of the booking path alone. */
const BOOKINGS_ONLY = process.env.BENCH_ONLY === 'bookings';
if (!['', 'availability', 'bookings'].includes(process.env.BENCH_ONLY ?? '')) {
  console.error(
    `BENCH_ONLY must be availability, bookings or unset, not ${JSON.stringify(process.env.BENCH_ONLY)}`,
  );
  process.exit(2);
}
/**
 * `BENCH_PAUSE_CONSUMERS=1`: the event consumers (auth-audit, notifications, payouts) are stopped
 * (SIGSTOP) while the confirms are timed and resumed after, so the booking path has the two cores to
 * itself, as it would with the consumers on their own; their backlog is then counted after. A what-if,
 * not the figure the goal is about: the ratio line says which it is.
 */
const PAUSE_CONSUMERS = process.env.BENCH_PAUSE_CONSUMERS === '1';
const DATABASE = benchDatabaseUrl();
const SCHEDULING_URL = benchDatabaseUrl('slotline_scheduling');

const count = (values: Array<string | number>) =>
  Object.entries(values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {}))
    .map(([k, n]) => `${k}×${n}`)
    .join(', ');

/** The event a confirm commits (the contracts are not loaded here: this client stays small). */
const CONFIRMED = 'evt.scheduling.assignment.schedule_confirmed.v1';

/** The services whose work per booking is its events (inbox consumers, webhooks, e-mails). */
const CONSUMERS = ['auth-audit', 'notifications', 'payouts'];

/** Statements run between two `queriesRun` readings, per booking: the total, then by operation. */
function perBookingLine(before: Map<string, number>, after: Map<string, number>): string {
  const perBooking = [...after].map(([op, n]) => [op, (n - (before.get(op) ?? 0)) / BOOKINGS] as const);
  const total = perBooking.reduce((sum, [, n]) => sum + n, 0);
  const shown = perBooking.filter(([, n]) => n >= 0.05);
  return `${total.toFixed(1)} (${shown.map(([op, n]) => `${op} ${n.toFixed(1)}`).join(', ')})`;
}

/** 1. The confirm step of the negotiation (the booking) through the gateway, then raw inserts, same shape. */
async function bookingsPerSecond(
  api: SchedulingApi,
  cast: Cast,
  procs: RunningProcess[],
  tag: string,
): Promise<string[]> {
  const windows = Array.from({ length: WARMUP + BOOKINGS }, (_, n) => windowAt(n, 2));
  const t0 = Date.now();
  const assignments = await inBatches(windows, CONCURRENCY, (w) =>
    api.proposedAssignment(cast.customer, cast.providers[w.practitioner], w.start.toISOString()),
  );
  const prepared = Date.now() - t0;
  let next = 0;
  // When each timed confirm was answered, to set beside when its event reached the stream.
  const answeredAt = new Map<string, number>();
  const confirmNext = async () => {
    const i = next++;
    const ok = (await api.confirm(cast.providers[windows[i].practitioner], assignments[i])).status === 200;
    if (ok && i >= WARMUP) answeredAt.set(assignments[i], performance.now());
    return ok;
  };
  await runLoad({ total: WARMUP, concurrency: CONCURRENCY, send: confirmNext });
  const confirmedEvents = await EventArrivals.watch(`${tag}.${CONFIRMED}`, (data) => data.assignment_id);
  // The preparation's events (job created, accepted, proposed: e-mails, audit, webhooks) are drained
  // first, so the timed confirms compete only with the work they cause themselves.
  const settledBefore = await settle(procs);
  const cpuBefore = procs.map((p) => cpuMs(p.child.pid!));
  const waitBefore = procs.map((p) => runQueueWaitMs(p.child.pid!));
  const scheduling = procs.find((p) => p.name === 'scheduling')!;
  const queriesBefore = await queriesRun(scheduling);
  const consumers = procs.filter((p) => CONSUMERS.includes(p.name));
  const consumerQueriesBefore = await Promise.all(consumers.map((p) => queriesRun(p)));
  if (PAUSE_CONSUMERS) consumers.forEach((p) => p.child.kill('SIGSTOP'));
  const gw = await runLoad({ total: BOOKINGS, concurrency: CONCURRENCY, send: confirmNext }).finally(
    () => PAUSE_CONSUMERS && consumers.forEach((p) => p.child.kill('SIGCONT')),
  );
  const cpuDuring = procs.map((p) => cpuMs(p.child.pid!));
  const waitDuring = procs.map((p, i) => (runQueueWaitMs(p.child.pid!) - waitBefore[i]) / BOOKINGS);
  const queriesAfter = await queriesRun(scheduling);
  // What the bookings' own events cost the consumers after the last answer counts too.
  const settledAfter = await settle(procs);
  const events = confirmedEvents.sinceAnswer(answeredAt);
  await confirmedEvents.close();
  const consumerQueries = await Promise.all(
    consumers.map(
      async (p, i) => `${p.name} ${perBookingLine(consumerQueriesBefore[i], await queriesRun(p))}`,
    ),
  );
  const cpuPerBooking = procs.map(
    (p, i) =>
      `${p.name} ${((cpuDuring[i] - cpuBefore[i]) / BOOKINGS).toFixed(1)} + ${((cpuMs(p.child.pid!) - cpuDuring[i]) / BOOKINGS).toFixed(1)} ms`,
  );

  const rawRun = async (firstDay: number, sameWork: boolean) => {
    await settle(procs);
    return rawBookings({
      url: SCHEDULING_URL,
      windows: Array.from({ length: WARMUP + BOOKINGS }, (_, n) => windowAt(n, firstDay)).map((w) => ({
        practitionerId: cast.bookingPractitioners[w.practitioner],
        start: w.start,
        end: w.end,
      })),
      warmup: WARMUP,
      concurrency: CONCURRENCY,
      customerId: cast.customer.id,
      providerUserId: cast.providers[0].id,
      sameWork,
    });
  };
  // Days 9–11 and 22–24: clear of the gateway's windows, the time off (days 15–19) and the burst (day 21).
  const raw = await rawRun(9, false);
  const same = await rawRun(22, true);
  return [
    `preparation: ${WARMUP + BOOKINGS} × (create job, accept, propose) through the gateway in ${(prepared / 1000).toFixed(1)} s`,
    `bookings via gateway (POST …/schedule/confirm → NATS → scheduling → PostgreSQL): ${gw.requests} over ${cast.providers.length} practitioners, concurrency ${CONCURRENCY}, errors ${gw.errors}, ${gw.rps.toFixed(1)} bookings/s, p50 ${fmt(gw.p50)}, p95 ${fmt(gw.p95)}, p99 ${fmt(gw.p99)}, max ${fmt(gw.max)}`,
    `waited for the apps to fall quiet: ${(settledBefore / 1000).toFixed(1)} s before the timed confirms, ${(settledAfter / 1000).toFixed(1)} s after them`,
    `schedule_confirmed on the stream after the confirm's answer (outbox relay): p50 ${fmt(percentile(events.latencies, 50))}, p99 ${fmt(percentile(events.latencies, 99))}, max ${fmt(events.latencies[events.latencies.length - 1] ?? NaN)}${events.missing ? `, ${events.missing} events MISSING` : ''}`,
    `waiting for a core (runnable, not running) per booking while timed: ${procs.map((p, i) => `${p.name} ${waitDuring[i].toFixed(1)} ms`).join(', ')}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    `CPU per booking via gateway, while timed + after until quiet (event consumers): ${cpuPerBooking.join(', ')} (PostgreSQL and this client not counted)`,
    `queries per booking in scheduling: ${perBookingLine(queriesBefore, queriesAfter)}; the outbox relay's polling included`,
    `queries per booking in the event consumers, while timed + after until quiet: ${consumerQueries.join('; ')}`,
    `bookings raw, rows only (pg, one transaction: insert booking + booking_resources, update assignment): ${raw.requests}, concurrency ${CONCURRENCY}, errors ${raw.errors}${raw.firstError ? ` (${raw.firstError})` : ''}, ${raw.rps.toFixed(1)} bookings/s, p50 ${fmt(raw.p50)}, p95 ${fmt(raw.p95)}, p99 ${fmt(raw.p99)}`,
    `bookings raw, same statements as the service (begin + deadline, job and assignment locked, resource lock, calendar read, booking + resources, assignment update, 2 outbox rows in one insert, commit: 8 statements in 4 round trips, as the service sends them): ${same.requests}, concurrency ${CONCURRENCY}, errors ${same.errors}${same.firstError ? ` (${same.firstError})` : ''}, ${same.rps.toFixed(1)} bookings/s, p50 ${fmt(same.p50)}, p95 ${fmt(same.p95)}, p99 ${fmt(same.p99)}`,
    `ratio${PAUSE_CONSUMERS ? ` (consumers ${CONSUMERS.join(', ')} paused while timed: the booking path alone, not the goal's figure)` : ''}: raw / gateway = ${(raw.rps / gw.rps).toFixed(1)}× (the ${PAUSE_CONSUMERS ? 'booking' : 'full'} path reaches ${((100 * gw.rps) / raw.rps).toFixed(1)} % of raw rows; goal ≥ 35 %; ${((100 * gw.rps) / same.rps).toFixed(1)} % of raw with the same statements), gateway p99 ${fmt(gw.p99)} (goal ≤ 50 ms at concurrency 8), p99 ratio gateway / raw ${(gw.p99 / raw.p99).toFixed(1)}× (/ same statements ${(gw.p99 / same.p99).toFixed(1)}×)`,
  ];
}

/** 3. 100 confirms at once for overlapping windows of one practitioner: one must win. */
async function conflictBurst(api: SchedulingApi, cast: Cast, db: Client): Promise<string[]> {
  const provider = cast.providers[0];
  const starts = Array.from({ length: BURST }, (_, i) => localAt(BOOKING_ZONE, 21, 10, 15 * (i % 4)));
  const assignments = await inBatches(starts, CONCURRENCY, (s) =>
    api.proposedAssignment(cast.customer, provider, s.toISO()!),
  );
  const t0 = process.hrtime.bigint();
  const replies = await Promise.all(assignments.map((id) => api.confirm(provider, id)));
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const held = await db.query(
    `SELECT count(*)::int AS n FROM scheduling.booking_resources
     WHERE active AND resource_id = $1 AND booked && tstzrange($2::timestamptz, $3::timestamptz, '[)')`,
    [cast.bookingPractitioners[0], starts[0].toJSDate(), starts[0].plus({ hours: 2 }).toJSDate()],
  );
  const won = replies.filter((r) => r.status === 200).length;
  return [
    `conflict burst: ${BURST} concurrent confirms, one practitioner, overlapping windows: wall ${fmt(wall)}, won ${won}${won === 1 ? '' : ' (EXPECTED 1)'}, statuses ${count(replies.map((r) => r.status))}, codes ${count(replies.filter((r) => r.status !== 200).map((r) => r.body?.code ?? 'none'))}, live bookings in the window afterwards ${held.rows[0].n}`,
  ];
}

async function bench({ tag, procs, url }: BenchPlatform): Promise<void> {
  const db = new Client({ connectionString: DATABASE });
  await db.connect();
  let practitioners: string[] = [];
  try {
    const api = new SchedulingApi(url);
    const t0 = Date.now();
    const cast = await castAndCalendars(api, db, `${tag}-${Date.now()}`);
    practitioners = cast.practitioners;
    const setup = `setup: ${cast.providers.length + 2} sign-ups, ${PRACTITIONER_COUNT} practitioners with hours and time off in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    if (AVAILABILITY_ONLY) await bookCalendarsRaw(cast, SCHEDULING_URL);
    const lines: string[] = [];
    if (!AVAILABILITY_ONLY) lines.push(...(await bookingsPerSecond(api, cast, procs, tag)));
    if (!BOOKINGS_ONLY) lines.push(...(await availability(api, cast, db, procs)));
    if (!AVAILABILITY_ONLY && !BOOKINGS_ONLY) lines.push(...(await conflictBurst(api, cast, db)));
    console.log(machineLine());
    console.log(`date: ${new Date().toISOString()}`);
    console.log(setup);
    lines.forEach((l) => console.log(l));
  } finally {
    await retirePractitioners(db, practitioners);
    await db.end();
  }
}

runBench(() =>
  withPlatform(
    {
      tag: `schedbench${process.pid}`,
      portBase: PORT_BASE,
      env: UNTHROTTLED_ENV,
    },
    bench,
  ),
);
