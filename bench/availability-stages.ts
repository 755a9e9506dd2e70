/**
 * `node dist/bench/availability-stages.js` (after `npm run build`): one availability request of
 * bench:scheduling, stage by stage (wall time and this process's CPU), in-process against the benchmark
 * database (`BENCH_DATABASE`), no HTTP or NATS. It reads the 50 newest active practitioners: a
 * bench:scheduling run deactivates its own at the end, so re-activate them first (as postgres:
 * `UPDATE scheduling.resources SET active = true WHERE id IN (… the 50 newest practitioners …)`).
 */
import { FindAvailabilityQuery } from '@slotline/contracts';
import { createDataSource } from '@slotline/persistence';
import os from 'node:os';
import { Client } from 'pg';
import { AvailabilityCalendarsRepository } from '../apps/scheduling/src/availability/availability-calendars.repository';
import { AvailabilityService } from '../apps/scheduling/src/availability/availability.service';
import { BookingsRepository } from '../apps/scheduling/src/booking/bookings.repository';
import { CalendarLoader } from '../apps/scheduling/src/booking/calendar-loader';
import { freeSlotPage } from '../apps/scheduling/src/domain';
import { ResourcesRepository } from '../apps/scheduling/src/resources/resources.repository';
import { heapAllocatedBy } from './heap-allocation';
import { benchDatabaseUrl } from './platform';

const CALLS = Number(process.env.BENCH_AVAILABILITY_CALLS ?? 300);

async function main() {
  const admin = new Client({ connectionString: benchDatabaseUrl() });
  await admin.connect();
  const ids = (
    await admin.query(
      `SELECT id FROM scheduling.resources WHERE kind = 'practitioner' AND active ORDER BY created_at DESC LIMIT 50`,
    )
  ).rows.map((r) => r.id as string);
  await admin.end();
  const ds = createDataSource({
    url: benchDatabaseUrl('slotline_scheduling'),
    schema: 'scheduling',
    applicationName: 'bench-availability-stages',
  });
  await ds.initialize();
  const resources = new ResourcesRepository(ds);
  const calendars = new CalendarLoader(new BookingsRepository(ds), ds);
  const reads = new AvailabilityCalendarsRepository(ds);
  const svc = new AvailabilityService({ resources, calendars, reads });
  const from = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const to = new Date(from.getTime() + 31 * 86_400_000);
  const q: FindAvailabilityQuery = {
    practitioner_ids: ids,
    from: from.toISOString(),
    to: to.toISOString(),
    duration_minutes: 60,
    limit: 1000,
  } as FindAvailabilityQuery;
  const meta = {
    actor: { id: ids[0], role: 'customer' },
    request_id: null,
    idempotency_key: null,
    traceparent: null,
  } as never;
  const stages = new Map<string, { wall: number[]; cpu: number; bytes: number }>();
  const time = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const { result, bytes } = await heapAllocatedBy(f);
    const cpu = process.cpuUsage(cpu0);
    const stage = stages.get(name) ?? { wall: [], cpu: 0, bytes: 0 };
    stage.wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    stage.cpu += (cpu.user + cpu.system) / 1000;
    stage.bytes += bytes;
    stages.set(name, stage);
    return result;
  };
  const range = { start: from, end: to };
  let bytes = 0;
  let items = 0;
  const once = async () => {
    // The stages one by one, then the whole request as the RPC handler runs it.
    const found = await time('read: resources and calendars, one statement (now)', () =>
      reads.calendarsOf(ids, range),
    );
    await time('read: resources, then CalendarLoader (before)', async () =>
      calendars.load(await resources.findByIds(ids), range),
    );
    await time('compute: freeSlotPage (limit 1000)', () =>
      freeSlotPage(
        { resources: ids.map((id) => found.get(id)!.calendar), range, durationMinutes: 60, stepMinutes: 15 },
        { limit: 1000 },
      ),
    );
    // `find` writes the reply's JSON text itself (no JSON.stringify stage any more).
    const reply = await time('find (whole request, now: read, compute, JSON text of the page)', () =>
      svc.find(q, meta),
    );
    bytes = reply.bytes.length;
    items = reply.parse().items.length;
  };
  for (let i = 0; i < 30; i++) await once();
  stages.clear();
  const t0 = Date.now();
  for (let i = 0; i < CALLS; i++) await once();
  const wall = Date.now() - t0;
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1];
  console.log(
    `${CALLS} rounds, ${items} items, ${bytes} bytes of JSON, ${(wall / CALLS).toFixed(1)} ms per round; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const [name, { wall: xs, cpu, bytes: allocated }] of stages)
    console.log(
      `  ${name}: p50 ${pct(xs, 50).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms, CPU ${(cpu / xs.length).toFixed(2)} ms, allocated ${(allocated / xs.length / 1024).toFixed(0)} kB`,
    );
  await ds.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
