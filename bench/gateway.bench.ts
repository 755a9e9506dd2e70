/**
 * npm run bench:gateway — starts the five apps as `npm start` does (own ports and NATS prefix), and
 * prints: time from spawn to all-ready, idle RSS per app, and GET /v1/me latency under a short load.
 */
import { readFileSync } from 'node:fs';
import { fmt, runLoad } from './load';
import { BenchPlatform, machineLine, runBench, withPlatform } from './platform';

const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4100);
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

async function bench({ procs, url: base, startupMs }: BenchPlatform): Promise<void> {
  await new Promise((r) => setTimeout(r, 5000));
  const memory = procs.map((p) => `${p.name}=${rssMiB(p.child.pid!).toFixed(0)} MiB`);

  const email = `bench-${Date.now()}@example.com`;
  const password = 'benchmark passphrase 42';
  const post = (path: string, body: object) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/v1/auth/register', { email, password });
  // Sign-in attempts on one account are serialised by design (failure counting), so throughput and
  // failure timing are measured over several accounts, as real traffic would be.
  const accounts = Array.from({ length: 8 }, (_, k) => `bench-${Date.now()}-${k}@example.com`);
  for (const account of accounts) await post('/v1/auth/register', { email: account, password });
  let next = 0;
  const anAccount = () => accounts[next++ % accounts.length];
  const loginRes = await post('/v1/auth/login', { email, password });
  const loginBody = (await loginRes.json()) as { access_token: string };
  if (loginRes.status !== 200) throw new Error(`login failed: ${JSON.stringify(loginBody)}`);
  const { access_token } = loginBody;
  const send = async () => {
    const res = await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${access_token}` } });
    await res.arrayBuffer();
    return res.status === 200;
  };
  await runLoad({ total: 500, concurrency: CONCURRENCY, send }); // warm-up
  const r = await runLoad({ total: TOTAL, concurrency: CONCURRENCY, send });

  const logins = await runLoad({
    total: 100,
    concurrency: 4,
    send: async () => (await post('/v1/auth/login', { email: anAccount(), password })).status === 200,
  });

  // Enumeration by timing: a wrong password for a real account and any password for an unknown one
  // must cost the same (the unknown path verifies against a dummy argon2 hash).
  const wrong = await runLoad({
    total: 60,
    concurrency: 2,
    send: async () =>
      (await post('/v1/auth/login', { email: anAccount(), password: 'not the password' })).status === 401,
  });
  let i = 0;
  const unknown = await runLoad({
    total: 60,
    concurrency: 2,
    send: async () =>
      (
        await post('/v1/auth/login', {
          email: `nobody-${Date.now()}-${i++}@example.com`,
          password: 'not the password',
        })
      ).status === 401,
  });

  console.log(machineLine());
  console.log(`startup: spawn to all five ready = ${startupMs} ms`);
  console.log(`idle RSS after 5 s: ${memory.join(', ')}`);
  console.log(
    `GET /v1/me: ${r.requests} requests, concurrency ${CONCURRENCY}, errors ${r.errors}, ${r.rps.toFixed(0)} req/s, p50 ${fmt(r.p50)}, p95 ${fmt(r.p95)}, p99 ${fmt(r.p99)}, max ${fmt(r.max)}`,
  );
  console.log(
    `login failure timing: wrong password p50 ${fmt(wrong.p50)} p99 ${fmt(wrong.p99)} | unknown account p50 ${fmt(unknown.p50)} p99 ${fmt(unknown.p99)} (errors ${wrong.errors + unknown.errors})`,
  );
  console.log(
    `POST /v1/auth/login: ${logins.requests} requests, concurrency 4, errors ${logins.errors}, ${logins.rps.toFixed(1)} req/s, p50 ${fmt(logins.p50)}, p99 ${fmt(logins.p99)}`,
  );
}

runBench(() =>
  withPlatform(
    {
      tag: `bench${process.pid}`,
      portBase: PORT_BASE,
      env: {
        RATE_LIMIT_READ_POINTS: '1000000',
        RATE_LIMIT_AUTH_POINTS: '100000',
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000000',
        LOGIN_MAX_FAILURES_PER_IP: '1000000',
      },
    },
    bench,
  ),
);
