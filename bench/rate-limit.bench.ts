/**
 * npm run bench:rate-limit — what one rate-limit decision costs the gateway per request: the limiter
 * in memory and over Redis (the shared store), sequential calls and 16 in parallel.
 */
import os from 'node:os';
import { RateLimiterService } from '../apps/gateway/src/rate-limit/rate-limiter.service';
import { fmt, runLoad } from './load';

const CALLS = Number(process.env.BENCH_CALLS ?? 20000);

async function measure(name: string, limiter: RateLimiterService): Promise<void> {
  let n = 0;
  // Many distinct keys, like many users; a huge budget so no call is refused.
  const send = async () => (await limiter.consume('read', `user:${n++ % 1000}`)).allowed;
  await runLoad({ total: 2000, concurrency: 1, send });
  const seq = await runLoad({ total: CALLS, concurrency: 1, send });
  const par = await runLoad({ total: CALLS, concurrency: 16, send });
  console.log(
    `${name}: sequential p50 ${fmt(seq.p50)} p99 ${fmt(seq.p99)} (${seq.rps.toFixed(0)}/s); ` +
      `16 in parallel p50 ${fmt(par.p50)} p99 ${fmt(par.p99)} (${par.rps.toFixed(0)}/s); errors ${seq.errors + par.errors}`,
  );
}

async function main(): Promise<void> {
  const tiers = { read: { points: 1_000_000_000, windowSeconds: 60 } };
  const memory = new RateLimiterService({ tiers, keyPrefix: `bench-mem-${process.pid}` });
  const redis = new RateLimiterService({
    tiers,
    keyPrefix: `bench-redis-${process.pid}`,
    redisUrl: 'redis://127.0.0.1:6379',
  });
  await redis.onModuleInit(); // connects, as Nest does at start-up
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0].model}, node ${process.version}; ${CALLS} decisions per run`,
  );
  try {
    await measure('memory', memory);
    await measure('redis ', redis);
  } finally {
    await memory.onModuleDestroy();
    await redis.onModuleDestroy();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
