/**
 * npm run bench:load — the whole platform (the five apps as `npm start` starts them) under a mixed
 * workload at a steady arrival rate (open model, bench/open-load.ts): sign-ins, availability searches,
 * job creation, accepts and proposals, confirms, cancels and reads. Each step runs for a fixed time at
 * a fixed rate; the rate steps up from BENCH_LOAD_RATE (1×, 2×, 3×, 4×, then on) until p99 reaches
 * 100 ms. Prints per-route p50/p99 and errors per step, the highest rate that held p99 < 100 ms, and
 * the CPU each app spent per request at each step (how cost grows with the rate).
 */
import { Client } from 'pg';
import { fmt } from './load';
import { Arrival, openLoad, StepResult } from './open-load';
import {
  BenchPlatform,
  benchDatabaseUrl,
  cpuMs,
  machineLine,
  retirePractitioners,
  runBench,
  UNTHROTTLED_ENV,
  withPlatform,
} from './platform';
import { SchedulingApi } from './scheduling-api';
import { Cast, castAndCalendars, windowAt } from './scheduling-fixtures';

const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4600);
const BASE_RATE = Number(process.env.BENCH_LOAD_RATE ?? 5);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 20);
const MAX_STEPS = Number(process.env.BENCH_MAX_STEPS ?? 6);
const P99_GOAL_MS = 100;

/** Share of arrivals per kind of request; a step of the booking flow with nothing to work on creates a job. */
const MIX: Array<[Kind, number]> = [
  ['read me', 25],
  ['read assignment', 10],
  ['availability', 15],
  ['sign-in', 3],
  ['create job', 12],
  ['accept', 10],
  ['propose', 10],
  ['confirm', 10],
  ['cancel', 5],
];
type Kind =
  | 'read me'
  | 'read assignment'
  | 'availability'
  | 'sign-in'
  | 'create job'
  | 'accept'
  | 'propose'
  | 'confirm'
  | 'cancel';

interface Flow {
  jobId: string;
  assignmentId?: string;
  /** Its window (bench/scheduling-fixtures windowAt): the provider is the window's practitioner. */
  window?: number;
}

/** The booking flow's work queues: each step takes from one and feeds the next. */
class Workload {
  private readonly created: Flow[] = [];
  private readonly accepted: Flow[] = [];
  private readonly proposed: Flow[] = [];
  private readonly scheduled: Flow[] = [];
  private readonly assignments: string[] = [];
  private window = 0;
  private readonly weights = MIX.reduce((n, [, w]) => n + w, 0);

  constructor(
    private readonly api: SchedulingApi,
    private readonly cast: Cast,
    private readonly customerEmail: string,
  ) {}

  next(): Arrival {
    let pick = Math.random() * this.weights;
    const [kind] = MIX.find(([, w]) => (pick -= w) < 0) ?? MIX[0];
    return this.arrival(kind);
  }

  private arrival(kind: Kind): Arrival {
    const { api, cast } = this;
    switch (kind) {
      case 'read me':
        return {
          route: 'GET /v1/me',
          send: () => api.call('GET', '/v1/me', cast.customer.token).then(status),
          expect: 200,
        };
      case 'read assignment': {
        const id = this.assignments[Math.floor(Math.random() * this.assignments.length)];
        if (!id) return this.arrival('create job');
        return {
          route: 'GET /v1/assignments/:id',
          send: () => api.call('GET', `/v1/assignments/${id}`, cast.customer.token).then(status),
          expect: 200,
        };
      }
      case 'availability':
        return { route: 'GET /v1/availability', send: () => this.availability(), expect: 200 };
      case 'sign-in':
        return {
          route: 'POST /v1/auth/login',
          send: () =>
            api
              .call('POST', '/v1/auth/login', undefined, {
                email: this.customerEmail,
                password: 'benchmark passphrase 42',
              })
              .then(status),
          expect: 200,
        };
      case 'create job':
        return {
          route: 'POST /v1/jobs',
          expect: 201,
          send: async () => {
            const r = await api.call('POST', '/v1/jobs', cast.customer.token, {
              service_type: 'physio',
              duration_minutes: 60,
              price_amount: 12_500,
              currency: 'GBP',
              time_zone: 'Europe/London',
            });
            if (r.status === 201) this.created.push({ jobId: r.body.id });
            return r.status;
          },
        };
      case 'accept': {
        const flow = this.created.shift();
        if (!flow) return this.arrival('create job');
        flow.window = this.window++;
        const provider = cast.providers[windowAt(flow.window, 2).practitioner];
        return {
          route: 'POST /v1/jobs/:id/accept',
          expect: 201,
          send: async () => {
            const r = await api.call('POST', `/v1/jobs/${flow.jobId}/accept`, provider.token);
            if (r.status === 201) {
              flow.assignmentId = r.body.id;
              this.assignments.push(r.body.id);
              this.accepted.push(flow);
            }
            return r.status;
          },
        };
      }
      case 'propose': {
        const flow = this.accepted.shift();
        if (!flow) return this.arrival('create job');
        const w = windowAt(flow.window!, 2);
        return {
          route: 'POST /v1/jobs/:id/schedule',
          expect: 200,
          send: async () => {
            const r = await api.call('POST', `/v1/jobs/${flow.jobId}/schedule`, cast.customer.token, {
              start: w.start.toISOString(),
              schedule_version: 0,
            });
            if (r.status === 200) this.proposed.push(flow);
            return r.status;
          },
        };
      }
      case 'confirm': {
        const flow = this.proposed.shift();
        if (!flow) return this.arrival('create job');
        const provider = cast.providers[windowAt(flow.window!, 2).practitioner];
        return {
          route: 'POST /v1/assignments/:id/schedule/confirm',
          expect: 200,
          send: async () => {
            const r = await api.confirm(provider, flow.assignmentId!);
            if (r.status === 200) this.scheduled.push(flow);
            return r.status;
          },
        };
      }
      case 'cancel': {
        const flow = this.scheduled.shift();
        if (!flow) return this.arrival('create job');
        return {
          route: 'POST /v1/jobs/:id/cancel',
          send: () =>
            api
              .call('POST', `/v1/jobs/${flow.jobId}/cancel`, cast.customer.token, { reason: 'load test' })
              .then(status),
          expect: 200,
        };
      }
    }
  }

  /** A week of one-hour slots for the practitioners that take bookings, as a customer would search. */
  private availability(): Promise<number> {
    const from = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
    const q = new URLSearchParams({
      practitioner_ids: this.cast.bookingPractitioners.join(','),
      from: from.toISOString(),
      to: new Date(from.getTime() + 7 * 86_400_000).toISOString(),
      duration_minutes: '60',
      limit: '100',
    });
    return this.api.call('GET', `/v1/availability?${q}`, this.cast.customer.token).then(status);
  }
}

const status = (r: { status: number }) => r.status;

function report(step: StepResult, cpu: string): string[] {
  return [
    `rate ${step.rate}/s for ${step.seconds.toFixed(1)} s: ${step.sent} requests, errors ${step.errors}, p50 ${fmt(step.p50)}, p99 ${fmt(step.p99)}${step.p99 < P99_GOAL_MS ? '' : ` (over ${P99_GOAL_MS} ms)`}; CPU per request: ${cpu}`,
    ...step.routes.map(
      (r) =>
        `    ${r.route.padEnd(44)} ${String(r.count).padStart(5)} req, errors ${r.errors}${r.failures ? ` (${r.failures})` : ''}, p50 ${fmt(r.p50)}, p99 ${fmt(r.p99)}`,
    ),
  ];
}

async function bench({ tag, procs, url }: BenchPlatform): Promise<void> {
  const db = new Client({ connectionString: benchDatabaseUrl() });
  await db.connect();
  let practitioners: string[] = [];
  try {
    const api = new SchedulingApi(url);
    const castTag = `${tag}-${Date.now()}`;
    const cast = await castAndCalendars(api, db, castTag);
    practitioners = cast.practitioners;
    const workload = new Workload(api, cast, `${castTag}-customer-1@example.com`);
    await openLoad({ rate: BASE_RATE, seconds: 5, next: () => workload.next() }); // warm-up

    console.log(machineLine());
    console.log(
      `date: ${new Date().toISOString()}; steps of ${STEP_SECONDS} s from ${BASE_RATE} requests/s; mix: ${MIX.map(([k, w]) => `${k} ${w}`).join(', ')}`,
    );
    const apps = procs.filter((p) => ['gateway', 'scheduling', 'auth-audit'].includes(p.name));
    let held: number | null = null;
    const costs: Array<{ rate: number; perRequest: number }> = [];
    for (let k = 1; k <= MAX_STEPS; k++) {
      const before = apps.map((p) => cpuMs(p.child.pid!));
      const step = await openLoad({
        rate: BASE_RATE * k,
        seconds: STEP_SECONDS,
        next: () => workload.next(),
      });
      const spent = apps.map((p, i) => (cpuMs(p.child.pid!) - before[i]) / step.sent);
      costs.push({ rate: step.rate, perRequest: spent.reduce((a, b) => a + b, 0) });
      report(step, apps.map((p, i) => `${p.name} ${spent[i].toFixed(2)} ms`).join(', ')).forEach((l) =>
        console.log(l),
      );
      if (step.p99 >= P99_GOAL_MS || step.errors > 0) {
        if (k >= 4) break;
      } else held = step.rate;
    }
    console.log(
      `highest rate that held p99 < ${P99_GOAL_MS} ms without errors: ${held === null ? 'none' : `${held} requests/s`}`,
    );
    const first = costs[0];
    console.log(
      `CPU per request (gateway + scheduling + auth-audit) relative to ${first.rate}/s: ${costs
        .map((c) => `${c.rate}/s ${(c.perRequest / first.perRequest).toFixed(2)}×`)
        .join(', ')}`,
    );
  } finally {
    await retirePractitioners(db, practitioners);
    await db.end();
  }
}

runBench(() =>
  withPlatform(
    {
      tag: `loadbench${process.pid}`,
      portBase: PORT_BASE,
      env: UNTHROTTLED_ENV,
    },
    bench,
  ),
);
