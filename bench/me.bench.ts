/**
 * npm run bench:me — GET /v1/me through Slotline (gateway → NATS → auth-audit → PostgreSQL) next to a
 * bare two-process stack doing the same work (bench/bare-me: node:http edge verifying the same EdDSA
 * token with jose against the same JWKS, one NATS request, a responder reading the same row with `pg`).
 * Rounds alternate bare and Slotline so both see the same machine load; every figure is printed as a
 * ratio to the bare stack's in the same round.
 */
import { ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { APP_NODE_FLAGS } from '../scripts/platform/processes';
import { fmt, LoadResult, runLoad } from './load';
import { BenchPlatform, benchDatabaseUrl, cpuMs, machineLine, runBench, withPlatform } from './platform';

const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4500);
const EDGE_PORT = PORT_BASE + 50;
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GOAL = { throughput: 0.6, p99: 1.5 };

function startBare(tag: string, jwksUrl: string, children: ChildProcess[]): Promise<ChildProcess[]> {
  const env = {
    ...process.env,
    BARE_SUBJECT: `${tag}.bare.me`,
    BARE_EDGE_PORT: String(EDGE_PORT),
    BARE_JWKS_URL: jwksUrl,
    BARE_DATABASE_URL: benchDatabaseUrl('slotline_auth'),
  };
  // The bare processes run with the apps' V8 flags (ADR 0012), so both stacks collect garbage alike.
  for (const name of ['responder', 'edge'])
    children.push(
      fork(path.join(__dirname, 'bare-me', `${name}.js`), {
        env,
        stdio: 'inherit',
        execArgv: [...APP_NODE_FLAGS],
      }),
    );
  return Promise.all(
    children.map(
      (child) =>
        new Promise<ChildProcess>((resolve, reject) => {
          child.once('message', () => resolve(child));
          child.once('exit', (code) => reject(new Error(`bare stack process exited with ${code}`)));
        }),
    ),
  );
}

async function signIn(base: string): Promise<string> {
  const email = `bench-me-${Date.now()}@example.com`;
  const password = 'benchmark passphrase 42';
  const post = (p: string) =>
    fetch(`${base}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  await post('/v1/auth/register');
  const res = await post('/v1/auth/login');
  const body = (await res.json()) as { access_token: string };
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return body.access_token;
}

const line = (name: string, r: LoadResult) =>
  `${name}: ${r.requests} requests, errors ${r.errors}, ${r.rps.toFixed(0)} req/s, p50 ${fmt(r.p50)}, p99 ${fmt(r.p99)}`;

/** CPU (user + system) each process spent per request while `run` ran, in ms. */
async function cpuPerRequest<T extends { requests: number }>(
  pids: Record<string, number>,
  run: () => Promise<T>,
): Promise<{ result: T; cpu: Record<string, number> }> {
  const before = Object.values(pids).map(cpuMs);
  const result = await run();
  const cpu = Object.fromEntries(
    Object.entries(pids).map(([name, pid], i) => [name, (cpuMs(pid) - before[i]) / result.requests]),
  );
  return { result, cpu };
}

const cpuLine = (cpu: Record<string, number>) =>
  Object.entries(cpu)
    .map(([name, ms]) => `${name} ${ms.toFixed(3)} ms`)
    .join(', ');

async function bench({ tag, url, procs }: BenchPlatform): Promise<void> {
  const token = await signIn(url);
  const bare: ChildProcess[] = [];
  try {
    await startBare(tag, `${url}/.well-known/jwks.json`, bare);
    const sender = (base: string) => async () => {
      const res = await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      return res.status === 200;
    };
    const targets = { bare: sender(`http://127.0.0.1:${EDGE_PORT}`), slotline: sender(url) };
    for (const send of Object.values(targets)) await runLoad({ total: 1000, concurrency: CONCURRENCY, send });

    console.log(machineLine());
    console.log(`GET /v1/me, ${TOTAL} requests per run, concurrency ${CONCURRENCY}, ${ROUNDS} rounds`);
    const ratios: Array<{ throughput: number; p99: number }> = [];
    const pidOf = (name: string) => procs.find((p) => p.name === name)!.child.pid!;
    const barePids = { edge: bare[1].pid!, responder: bare[0].pid! };
    const slotlinePids = { gateway: pidOf('gateway'), 'auth-audit': pidOf('auth-audit') };
    for (let round = 1; round <= ROUNDS; round++) {
      const load = (send: () => Promise<boolean>) => () =>
        runLoad({ total: TOTAL, concurrency: CONCURRENCY, send });
      const { result: b, cpu: bareCpu } = await cpuPerRequest(barePids, load(targets.bare));
      const { result: s, cpu: slotlineCpu } = await cpuPerRequest(slotlinePids, load(targets.slotline));
      const ratio = { throughput: s.rps / b.rps, p99: s.p99 / b.p99 };
      ratios.push(ratio);
      console.log(`round ${round}: ${line('bare', b)}`);
      console.log(`round ${round}: ${line('slotline', s)}`);
      console.log(
        `round ${round}: CPU per request: bare ${cpuLine(bareCpu)}; slotline ${cpuLine(slotlineCpu)} (load average ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')})`,
      );
      console.log(
        `round ${round}: slotline throughput = ${(100 * ratio.throughput).toFixed(1)} % of bare (goal ≥ ${100 * GOAL.throughput} %), p99 = ${ratio.p99.toFixed(2)}× bare (goal ≤ ${GOAL.p99}×)`,
      );
    }
    const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
    console.log(
      `summary: throughput ${range(
        ratios.map((r) => r.throughput),
        (x) => `${(100 * x).toFixed(1)} %`,
      )} of bare; p99 ${range(
        ratios.map((r) => r.p99),
        (x) => `${x.toFixed(2)}×`,
      )} bare`,
    );
  } finally {
    bare.forEach((child) => child.kill('SIGTERM'));
  }
}

runBench(() =>
  withPlatform(
    {
      tag: `mebench${process.pid}`,
      portBase: PORT_BASE,
      env: {
        RATE_LIMIT_READ_POINTS: '1000000',
        RATE_LIMIT_AUTH_POINTS: '100000',
        LOGIN_MAX_FAILURES_PER_IP: '1000000',
      },
    },
    bench,
  ),
);
