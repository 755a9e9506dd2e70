/**
 * What the benchmarks that spawn the platform share: the five apps started as `npm start` starts them
 * (own database, ports, NATS subject prefix and stream) and removed again afterwards. The database is
 * `slotline_bench`, so a benchmark's users, bookings and failed sign-ins never land in the dev database
 * (hundreds of deliberate failed logins would trip `npm start`'s per-IP sign-in throttle).
 */
import { connect } from 'nats';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { migrateAll } from '../scripts/platform/migrate';
import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { RunningProcess, spawnApps, stopApps, waitReady } from '../scripts/platform/processes';

export const BENCH_DATABASE = 'slotline_bench';

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
    // BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile per app on exit.
    nodeArgs: process.env.BENCH_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : [],
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
