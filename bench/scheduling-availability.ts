/**
 * The availability part of `npm run bench:scheduling`: `GET /v1/availability` for the 50 practitioners
 * over 31 days beside the raw read it needs (the statement the service runs, from `pg`), with the CPU
 * each app spends per request. `BENCH_ONLY=availability` runs only this part, on calendars booked
 * straight into the tables as the booking part would leave them.
 */
import os from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { Client } from 'pg';
import { availabilityCalendarsSql } from '../apps/scheduling/src/availability/availability-calendars.repository';
import { RunningProcess } from '../scripts/platform/processes';
import { fmt, percentile } from './load';
import { cpuMs, fullGcEverywhere, gcPauses, GcPauses, runQueueWaitMs, settle } from './platform';
import { SchedulingApi } from './scheduling-api';
import { Cast, PRACTITIONER_COUNT, windowAt } from './scheduling-fixtures';
import { rawBookings } from './scheduling-raw';

/**
 * Timed calls. A p99 needs enough of them to mean anything: of 200 calls it is the second slowest, and
 * two calls that happen to meet another process's work decide it (docs/performance-history.md, "Availability
 * p99, eighth pass").
 */
const CALLS = Number(process.env.BENCH_AVAILABILITY_CALLS ?? 2000);
/** Untimed calls first, so that the timed ones meet code V8 has already optimised, as a running service's do. */
const WARMUP = Number(process.env.BENCH_AVAILABILITY_WARMUP ?? 200);
/** The goal's p99, and the window the p99's spread is shown over (what a 200-call run would have said). */
const GOAL_MS = 30;
const WINDOW = 200;
const DAY_MS = 86_400_000;
const READ_SQL = availabilityCalendarsSql('scheduling');

/** Only the availability part of the benchmark (`BENCH_ONLY=availability`). */
export const AVAILABILITY_ONLY = process.env.BENCH_ONLY === 'availability';

/**
 * The live bookings the booking part leaves (440 windows on days 2, 9 and 22 over the 8 booking
 * practitioners), inserted straight into the tables and untimed, for `BENCH_ONLY=availability`.
 */
export async function bookCalendarsRaw(cast: Cast, url: string): Promise<void> {
  for (const firstDay of [2, 9, 22]) {
    await rawBookings({
      url,
      windows: Array.from({ length: 440 }, (_, n) => windowAt(n, firstDay)).map((w) => ({
        practitionerId: cast.bookingPractitioners[w.practitioner],
        start: w.start,
        end: w.end,
      })),
      warmup: 0,
      concurrency: 8,
      customerId: cast.customer.id,
      providerUserId: cast.providers[0].id,
    });
  }
}

/** The floor under availability: the service's one read (resources, bookings, time off), no computation. */
async function rawAvailabilityRead(db: Client, ids: string[], from: Date, to: Date): Promise<void> {
  await db.query(READ_SQL, [ids, new Date(from.getTime() - DAY_MS), new Date(to.getTime() + DAY_MS)]);
}

/** GC pauses per call between two readings: count, total, and how many took 10 ms or more (over all calls). */
function gcLine(name: string, before: GcPauses, after: GcPauses, calls: number): string {
  return `${name} ${((after.count - before.count) / calls).toFixed(2)} pauses, ${((after.ms - before.ms) / calls).toFixed(2)} ms (${after.atLeast10ms - before.atLeast10ms} of ≥ 10 ms in all)`;
}

/** This process's own GC pauses while `run` runs (it parses every 129 kB reply, so it adds to the latency). */
async function withOwnGc<T>(run: () => Promise<T>): Promise<[T, GcPauses]> {
  const pauses: GcPauses = { count: 0, ms: 0, atLeast10ms: 0 };
  const observer = new PerformanceObserver((list) =>
    list.getEntries().forEach((e) => {
      pauses.count++;
      pauses.ms += e.duration;
      if (e.duration >= 10) pauses.atLeast10ms++;
    }),
  );
  observer.observe({ entryTypes: ['gc'] });
  try {
    return [await run(), pauses];
  } finally {
    observer.disconnect();
  }
}

/** Latencies in milliseconds, in the order the calls were made. */
async function timed(calls: number, once: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    await once();
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return latencies;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** The lowest and highest p99 over consecutive windows of `WINDOW` calls (a short run's p99 is one of these). */
function windowP99Range(inOrder: number[]): string {
  const p99s: number[] = [];
  for (let i = 0; i + WINDOW <= inOrder.length; i += WINDOW)
    p99s.push(percentile(sorted(inOrder.slice(i, i + WINDOW)), 99));
  if (p99s.length < 2) return '';
  return `; p99 of each ${WINDOW} calls in turn ${fmt(Math.min(...p99s))}–${fmt(Math.max(...p99s))}`;
}

/** GET /v1/availability for the 50 practitioners over 31 days. */
export async function availability(
  api: SchedulingApi,
  cast: Cast,
  db: Client,
  procs: RunningProcess[],
): Promise<string[]> {
  const from = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const to = new Date(from.getTime() + 31 * DAY_MS);
  const query = (cursor?: string) =>
    `/v1/availability?${new URLSearchParams({
      practitioner_ids: cast.practitioners.join(','),
      from: from.toISOString(),
      to: to.toISOString(),
      duration_minutes: '60',
      limit: '1000',
      ...(cursor ? { cursor } : {}),
    })}`;
  const first = await api.must(200, 'GET', query(), cast.customer.token);
  for (let i = 0; i < WARMUP; i++) await api.must(200, 'GET', query(), cast.customer.token);
  await settle(procs);
  for (let i = 0; i < WARMUP; i++) await rawAvailabilityRead(db, cast.practitioners, from, to);
  const raw = sorted(await timed(CALLS, () => rawAvailabilityRead(db, cast.practitioners, from, to)));
  const apps = procs.filter((p) => p.name === 'gateway' || p.name === 'scheduling');
  // A full GC everywhere first: timed right after start-up, the apps would still be sized by what
  // start-up allocated, a state that lasts only until their first full GC (ninth pass).
  await fullGcEverywhere(procs);
  // What the apps spend with nothing asked of them (relays polling, timers), over 2 s, is taken off
  // their CPU during the calls: it would otherwise count more per call the slower the calls are.
  const idle0 = apps.map((p) => cpuMs(p.child.pid!));
  await new Promise((r) => setTimeout(r, 2000));
  const idlePerMs = apps.map((p, i) => (cpuMs(p.child.pid!) - idle0[i]) / 2000);
  const cpuBefore = apps.map((p) => cpuMs(p.child.pid!));
  const waitBefore = apps.map((p) => runQueueWaitMs(p.child.pid!));
  const gcBefore = await Promise.all(apps.map((p) => gcPauses(p)));
  const t0 = Date.now();
  const [inOrder, ownGc] = await withOwnGc(() =>
    timed(CALLS, () => api.must(200, 'GET', query(), cast.customer.token)),
  );
  const latencies = sorted(inOrder);
  const elapsed = Date.now() - t0;
  const gcAfter = await Promise.all(apps.map((p) => gcPauses(p)));
  const perCall = apps.map((p, i) => {
    const cpu = cpuMs(p.child.pid!) - cpuBefore[i];
    return `${p.name} CPU ${(cpu / CALLS).toFixed(1)} ms (${((cpu - idlePerMs[i] * elapsed) / CALLS).toFixed(1)} ms net of its idle ${(idlePerMs[i] * 100).toFixed(1)} % of a core), waiting for a core ${((runQueueWaitMs(p.child.pid!) - waitBefore[i]) / CALLS).toFixed(1)} ms`;
  });
  const p99 = percentile(latencies, 99);

  let slots = first.items.length as number;
  let pages = 1;
  const practitioners = new Set<string>(
    first.items.map((s: { practitioner_id: string }) => s.practitioner_id),
  );
  for (let cursor = first.next_cursor as string | null; cursor; pages++) {
    const page = await api.must(200, 'GET', query(cursor), cast.customer.token);
    slots += page.items.length;
    page.items.forEach((s: { practitioner_id: string }) => practitioners.add(s.practitioner_id));
    cursor = page.next_cursor;
  }
  return [
    `availability: ${PRACTITIONER_COUNT} practitioners × 31 days, 60-minute slots on a 15-minute grid, first page (limit 1000, ${JSON.stringify(first).length} bytes) over ${CALLS} calls after ${WARMUP} untimed and a full GC: p50 ${fmt(percentile(latencies, 50))}, p90 ${fmt(percentile(latencies, 90))}, p99 ${fmt(p99)}${p99 > GOAL_MS ? ` (goal ≤ ${GOAL_MS} ms)` : ''}, p99.9 ${fmt(percentile(latencies, 99.9))}, max ${fmt(latencies[latencies.length - 1])}; ${latencies.filter((l) => l > GOAL_MS).length} calls over ${GOAL_MS} ms${windowP99Range(inOrder)}`,
    `availability baseline (raw pg: the service's one read of the practitioners, their bookings and time off, no slot computation): p50 ${fmt(percentile(raw, 50))}, p99 ${fmt(percentile(raw, 99))}; ratio p99 gateway / raw = ${(p99 / percentile(raw, 99)).toFixed(1)}×`,
    `availability per request: ${perCall.join('; ')} (clock ticks of 10 ms, averaged); load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    `availability GC pauses per call: ${[
      ...apps.map((p, i) => gcLine(p.name, gcBefore[i], gcAfter[i], CALLS)),
      gcLine('benchmark client', { count: 0, ms: 0, atLeast10ms: 0 }, ownGc, CALLS),
    ].join('; ')}`,
    `availability: ${slots} free slots in the range (${pages} pages of up to 1000, ${practitioners.size} practitioners with slots)`,
  ];
}
