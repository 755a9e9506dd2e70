/**
 * npm run bench:batch — starts the apps as `npm start` does (own ports and NATS prefix) on the bench
 * database, and prints the rate at which a 1,000-item schedule batch with no conflicts is booked (from
 * the POST to the batch completed), next to raw inserts of the same bookings into the same tables from
 * one connection, the way the orchestrator works a batch.
 */
import { Client, Pool } from 'pg';
import { fmt } from './load';
import {
  BenchPlatform,
  benchDatabaseUrl,
  machineLine,
  retirePractitioners,
  runBench,
  UNTHROTTLED_ENV,
  withPlatform,
} from './platform';
import { SchedulingApi } from './scheduling-api';
import { castAndCalendars, windowAt } from './scheduling-fixtures';
import { prepareAssignments, rawBookings } from './scheduling-raw';

const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4300);
const ITEMS = 1000;
const WARMUP = 40;
const DATABASE = benchDatabaseUrl();
const SCHEDULING_URL = benchDatabaseUrl('slotline_scheduling');

async function batchRate(api: SchedulingApi, cast: Awaited<ReturnType<typeof castAndCalendars>>) {
  const windows = Array.from({ length: WARMUP + ITEMS }, (_, n) => windowAt(n, 30)).map((w) => ({
    practitionerId: cast.bookingPractitioners[w.practitioner],
    start: w.start,
    end: w.end,
  }));
  const pool = new Pool({ connectionString: SCHEDULING_URL, max: 2 });
  const assignments = await prepareAssignments(pool, windows, cast.customer.id, cast.providers[0].id);
  await pool.end();
  const items = windows.map((w, i) => ({
    assignment_id: assignments[i],
    window: { start: w.start.toISOString(), end: w.end.toISOString() },
  }));
  const run = async (slice: typeof items) => {
    const t0 = process.hrtime.bigint();
    const batch = await api.must(202, 'POST', '/v1/admin/schedule-batches', cast.admin.token, {
      conflict_policy: 'fail',
      items: slice,
    });
    for (;;) {
      const now = await api.must(200, 'GET', `/v1/admin/schedule-batches/${batch.id}`, cast.admin.token);
      if (now.status !== 'pending' && now.status !== 'running') {
        return { ms: Number(process.hrtime.bigint() - t0) / 1e6, view: now };
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  await run(items.slice(0, WARMUP));
  return run(items.slice(WARMUP));
}

async function bench({ tag, url }: BenchPlatform): Promise<void> {
  const db = new Client({ connectionString: DATABASE });
  await db.connect();
  let practitioners: string[] = [];
  try {
    const api = new SchedulingApi(url);
    const cast = await castAndCalendars(api, db, `${tag}-${Date.now()}`);
    practitioners = cast.practitioners;
    const batch = await batchRate(api, cast);
    const batchRps = (1000 * ITEMS) / batch.ms;
    const raw = await rawBookings({
      url: SCHEDULING_URL,
      windows: Array.from({ length: WARMUP + ITEMS }, (_, n) => windowAt(n, 50)).map((w) => ({
        practitionerId: cast.bookingPractitioners[w.practitioner],
        start: w.start,
        end: w.end,
      })),
      warmup: WARMUP,
      concurrency: 1,
      customerId: cast.customer.id,
      providerUserId: cast.providers[0].id,
    });
    console.log(machineLine());
    console.log(`date: ${new Date().toISOString()}`);
    console.log(
      `batch via gateway (POST /v1/admin/schedule-batches, policy fail, ${ITEMS} assignments over ${cast.providers.length} practitioners, no conflicts → worked by scheduling's orchestrator): ${batch.view.status}, booked ${batch.view.progress.booked}/${ITEMS} in ${fmt(batch.ms)}, ${batchRps.toFixed(1)} items/s`,
    );
    console.log(
      `bookings raw (pg, one connection, one transaction per booking: insert booking + booking_resources, update assignment): ${raw.requests}, errors ${raw.errors}${raw.firstError ? ` (${raw.firstError})` : ''}, ${raw.rps.toFixed(1)} bookings/s`,
    );
    console.log(`ratio: the batch reaches ${((100 * batchRps) / raw.rps).toFixed(1)} % of raw (goal ≥ 50 %)`);
  } finally {
    await retirePractitioners(db, practitioners);
    await db.end();
  }
}

runBench(() =>
  withPlatform(
    {
      tag: `batchbench${process.pid}`,
      portBase: PORT_BASE,
      env: UNTHROTTLED_ENV,
    },
    bench,
  ),
);
