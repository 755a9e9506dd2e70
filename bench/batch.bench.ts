/**
 * npm run bench:batch — starts the apps as `npm start` does (own ports and NATS prefix) on the bench
 * database, and prints the rate at which a 1,000-item schedule batch with no conflicts is booked (from
 * the POST to the batch completed) — once with policy `fail` (worked one chunk at a time, in order) and once
 * with `skip` (worked in lanes side by side) —, each with the statements per item scheduling ran (its
 * db_query_duration_seconds counts) and the CPU per item of every app, next to raw inserts of the same
 * bookings into the same tables from one connection, the way the orchestrator works a `fail` batch.
 */
import os from 'node:os';
import { Client, Pool } from 'pg';
import { RunningProcess } from '../scripts/platform/processes';
import { fmt } from './load';
import {
  BenchPlatform,
  benchDatabaseUrl,
  cpuMs,
  machineLine,
  queriesRun,
  retirePractitioners,
  runBench,
  settle,
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

/** Chunks scheduling retried after a transient failure so far (schedule_batch_retries_total). */
async function chunkRetries(scheduling: RunningProcess): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${scheduling.port}/metrics`)).text();
  return Number(/^schedule_batch_retries_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0);
}

async function batchRate(
  api: SchedulingApi,
  cast: Awaited<ReturnType<typeof castAndCalendars>>,
  procs: RunningProcess[],
  policy: 'fail' | 'skip',
  firstDay: number,
) {
  const windows = Array.from({ length: WARMUP + ITEMS }, (_, n) => windowAt(n, firstDay)).map((w) => ({
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
      conflict_policy: policy,
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
  await settle(procs);
  const scheduling = procs.find((p) => p.name === 'scheduling')!;
  const cpuBefore = procs.map((p) => cpuMs(p.child.pid!));
  const queriesBefore = await queriesRun(scheduling);
  const retriesBefore = await chunkRetries(scheduling);
  const timed = await run(items.slice(WARMUP));
  const cpuDuring = procs.map((p) => cpuMs(p.child.pid!));
  const queriesAfter = await queriesRun(scheduling);
  const retries = (await chunkRetries(scheduling)) - retriesBefore;
  const load = os.loadavg();
  // The bookings' events are consumed after the batch completes; that CPU counts too.
  await settle(procs);
  const cpuPerItem = procs.map(
    (p, i) =>
      `${p.name} ${((cpuDuring[i] - cpuBefore[i]) / ITEMS).toFixed(2)} + ${((cpuMs(p.child.pid!) - cpuDuring[i]) / ITEMS).toFixed(2)} ms`,
  );
  const perItem = [...queriesAfter].map(
    ([op, n]) => [op, (n - (queriesBefore.get(op) ?? 0)) / ITEMS] as const,
  );
  return { ...timed, policy, load, cpuPerItem, perItem, retries };
}

async function bench({ tag, url, procs }: BenchPlatform): Promise<void> {
  const db = new Client({ connectionString: DATABASE });
  await db.connect();
  let practitioners: string[] = [];
  try {
    const api = new SchedulingApi(url);
    const cast = await castAndCalendars(api, db, `${tag}-${Date.now()}`);
    practitioners = cast.practitioners;
    // `fail` is worked one item after another (it must stop at the first item not booked); `skip` in lanes.
    const batches = [
      await batchRate(api, cast, procs, 'fail', 30),
      await batchRate(api, cast, procs, 'skip', 70),
    ];
    await settle(procs);
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
    const loadAfterRaw = os.loadavg();
    console.log(machineLine());
    console.log(`date: ${new Date().toISOString()}`);
    for (const batch of batches) {
      const perItem = batch.perItem.filter(([, n]) => n >= 0.005);
      console.log(
        `batch via gateway (POST /v1/admin/schedule-batches, policy ${batch.policy}, ${ITEMS} assignments over ${cast.providers.length} practitioners, no conflicts → worked by scheduling's orchestrator): ${batch.view.status}, booked ${batch.view.progress.booked}/${ITEMS} in ${fmt(batch.ms)}, ${((1000 * ITEMS) / batch.ms).toFixed(1)} items/s`,
      );
      console.log(
        `  statements per item in scheduling: ${perItem.reduce((sum, [, n]) => sum + n, 0).toFixed(1)} (${perItem.map(([op, n]) => `${op} ${n.toFixed(2)}`).join(', ')}; the outbox relay's polling and the progress polls included); chunks retried: ${batch.retries}`,
      );
      console.log(
        `  CPU per item, while timed + after until quiet (event consumers): ${batch.cpuPerItem.join(', ')}; load average at the end of the batch ${batch.load.map((l) => l.toFixed(1)).join(' ')}`,
      );
    }
    console.log(
      `bookings raw (pg, one connection, one transaction per booking: insert booking + booking_resources, update assignment): ${raw.requests}, errors ${raw.errors}${raw.firstError ? ` (${raw.firstError})` : ''}, ${raw.rps.toFixed(1)} bookings/s; load average after ${loadAfterRaw.map((l) => l.toFixed(1)).join(' ')}`,
    );
    for (const batch of batches)
      console.log(
        `ratio: the ${batch.policy} batch reaches ${((100 * 1000 * ITEMS) / batch.ms / raw.rps).toFixed(1)} % of raw (goal ≥ 50 %)`,
      );
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
