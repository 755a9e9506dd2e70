/**
 * What the benchmarks that spawn the platform share: the five apps started as `npm start` starts them
 * (own database, ports, NATS subject prefix and stream) and removed again afterwards. The database is
 * `slotline_bench`, so a benchmark's users, bookings and failed sign-ins never land in the dev database
 * (hundreds of deliberate failed logins would trip `npm start`'s per-IP sign-in throttle). Two benchmarks
 * can run side by side with different `BENCH_DATABASE` and `BENCH_PORT_BASE` values.
 */
import type { Client } from 'pg';
import { connect } from 'nats';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { migrateAll } from '../scripts/platform/migrate';
import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { watchParent } from '@slotline/health';
import {
  APP_NODE_FLAGS,
  RunningProcess,
  spawnApps,
  stopApps,
  waitReady,
} from '../scripts/platform/processes';
import { fullGc } from './full-gc-on-signal';

// The benchmark's own process, the client every figure includes, collects garbage as the apps do: it
// parses each 129 kB availability page, and with V8's own growing factor it too ran a full GC every few
// dozen pages (docs/performance.md, "Availability p99, ninth pass"). The flags must be there from
// start-up, as the apps get them: set later (`v8.setFlagsFromString`, undefined after start-up by Node's
// docs) they held in some runs and not in others ("Availability p99, tenth pass"). So a benchmark
// started without them runs itself again with them.
if (
  require.main?.filename.endsWith('.bench.js') &&
  !APP_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))
) {
  const again = spawnSync(
    process.execPath,
    [...APP_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, BENCH_REEXECUTED: 'true' } },
  );
  process.exit(again.status ?? 1);
}
// The run again ends with the process that started it (killed, it cannot pass the signal on); its apps
// then stop with it (EXIT_WITH_PARENT).
if (process.env.BENCH_REEXECUTED === 'true')
  watchParent(() => {
    console.error('benchmark: the process that started this run is gone; stopping');
    process.exit(1);
  });

export const BENCH_DATABASE = process.env.BENCH_DATABASE ?? 'slotline_bench';

/** A URL into the benchmark database as `role` (local trust auth). */
export function benchDatabaseUrl(role = 'postgres'): string {
  return `postgres://${role}@127.0.0.1:5432/${BENCH_DATABASE}`;
}

export interface BenchPlatform {
  /** Names this run's NATS subjects and stream; unique per run. */
  tag: string;
  procs: RunningProcess[];
  /** The gateway's base URL. */
  url: string;
  /** From spawn to every app ready. */
  startupMs: number;
}

/** Runs `bench` against a freshly spawned platform, and stops it (and deletes its stream) however it ends. */
export async function withPlatform<T>(
  opts: { tag: string; portBase: number; env: NodeJS.ProcessEnv },
  bench: (platform: BenchPlatform) => Promise<T>,
): Promise<T> {
  await migrateAll({ database: BENCH_DATABASE, adminUrl: 'postgres://postgres@127.0.0.1:5432/postgres' });
  const t0 = Date.now();
  const procs = spawnApps({
    portBase: opts.portBase,
    stdio: 'ignore',
    nodeArgs: [
      // SIGUSR2 runs a full GC in the app (`fullGcEverywhere`).
      '--require',
      path.join(__dirname, 'full-gc-on-signal.js'),
      // BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile per app on exit.
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
    ],
    appEnv: (name) =>
      name === 'gateway' ? {} : { DATABASE_URL: benchDatabaseUrl(SERVICE_SCHEMAS[name].role) },
    env: {
      NATS_SUBJECT_PREFIX: `${opts.tag}.`,
      NATS_STREAM: `EVENTS_${opts.tag}`,
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
  });
  try {
    await Promise.all(procs.map((p) => waitReady(p)));
    return await bench({
      tag: opts.tag,
      procs,
      url: `http://127.0.0.1:${opts.portBase}`,
      startupMs: Date.now() - t0,
    });
  } finally {
    await stopApps(procs);
    const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    await (await nc.jetstreamManager()).streams.delete(`EVENTS_${opts.tag}`).catch(() => undefined);
    await nc.close();
  }
}

/**
 * One full garbage collection in each app and in this process, then a one-second wait for the apps'
 * signal handlers to run: what a service that has been running for a while has had (see
 * full-gc-on-signal.ts).
 */
export async function fullGcEverywhere(procs: RunningProcess[]): Promise<void> {
  procs.forEach((p) => p.child.kill('SIGUSR2'));
  fullGc();
  await new Promise((r) => setTimeout(r, 1000));
}

/** The first line of a report: what the numbers were measured on. */
export function machineLine(): string {
  return `machine: ${os.cpus().length} x ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}

/** Runs a benchmark's main and exits with its outcome: the apps' connections would keep node alive. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** User + system CPU time of a process so far, from /proc (clock ticks are 1/100 s on Linux). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Waits until every app uses under `quietPercent` of one core for `forMs` (or `maxMs` passed): event
 * consumers still draining an earlier phase's backlog would otherwise compete with the next timed phase
 * for the same cores. Returns how long it waited.
 */
export async function settle(
  procs: RunningProcess[],
  opts: { quietPercent?: number; forMs?: number; maxMs?: number } = {},
): Promise<number> {
  const { quietPercent = 10, forMs = 1000, maxMs = 60_000 } = opts;
  const t0 = Date.now();
  const sample = () => procs.map((p) => cpuMs(p.child.pid!));
  let quietSince = Date.now();
  let last = sample();
  while (Date.now() - t0 < maxMs) {
    await new Promise((r) => setTimeout(r, 250));
    const now = sample();
    if (now.some((ms, i) => ((ms - last[i]) / 250) * 100 >= quietPercent)) quietSince = Date.now();
    last = now;
    if (Date.now() - quietSince >= forMs) break;
  }
  return Date.now() - t0;
}

/**
 * Time a process's main thread (where Node runs JS) has spent runnable but waiting for a core, so far
 * (/proc/PID/schedstat, ns): on a shared machine this, not its own CPU time, is where a request's
 * latency can go.
 */
export function runQueueWaitMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
}

/**
 * Limits lifted for a benchmark's platform: it signs in and writes far faster than any client may.
 * Other benchmarks' failed sign-ins from 127.0.0.1 count against this IP in the shared bench database.
 */
export const UNTHROTTLED_ENV: Readonly<Record<string, string>> = {
  RATE_LIMIT_AUTH_POINTS: '100000',
  RATE_LIMIT_READ_POINTS: '1000000',
  RATE_LIMIT_WRITE_POINTS: '1000000',
  RATE_LIMIT_ADMIN_POINTS: '1000000',
  LOGIN_MAX_FAILURES_PER_IP: '1000000',
};

/** The bench database keeps its rows; its practitioner list should not keep a benchmark's. */
export async function retirePractitioners(db: Pick<Client, 'query'>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query('UPDATE scheduling.resources SET active = false WHERE id = ANY($1::uuid[])', [ids]);
}

/** An app's garbage-collection pauses so far: how many, their total, and how many took 10 ms or more. */
export interface GcPauses {
  count: number;
  ms: number;
  atLeast10ms: number;
}

/** `proc`'s GC pauses so far, from prom-client's `nodejs_gc_duration_seconds` on its /metrics (all kinds). */
export async function gcPauses(proc: RunningProcess): Promise<GcPauses> {
  const text = await (await fetch(`http://127.0.0.1:${proc.port}/metrics`)).text();
  const sum = (re: RegExp) => [...text.matchAll(re)].reduce((total, m) => total + Number(m[1]), 0);
  const count = sum(/^nodejs_gc_duration_seconds_count\{[^}]*\} (\S+)/gm);
  return {
    count,
    ms: sum(/^nodejs_gc_duration_seconds_sum\{[^}]*\} (\S+)/gm) * 1000,
    atLeast10ms: count - sum(/^nodejs_gc_duration_seconds_bucket\{[^}]*le="0\.01"[^}]*\} (\S+)/gm),
  };
}

/** Queries the scheduling service has run so far, by operation (its db_query_duration_seconds counts). */
export async function queriesRun(scheduling: RunningProcess): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${scheduling.port}/metrics`)).text();
  const byOperation = new Map<string, number>();
  for (const m of text.matchAll(/^db_query_duration_seconds_count\{[^}]*operation="(\w+)"[^}]*\} (\d+)/gm))
    byOperation.set(m[1], (byOperation.get(m[1]) ?? 0) + Number(m[2]));
  return byOperation;
}
