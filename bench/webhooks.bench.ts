/**
 * npm run bench:webhooks — outbound webhooks (GW-8) to a local receiver that verifies every request with
 * the `standardwebhooks` library. Starts the five apps as `npm start` does (on `slotline_bench`), registers
 * a platform-wide endpoint, publishes payout events straight to the stream (as the payouts relay would)
 * and prints, each next to a bare baseline measured in the same run — this process signing the same
 * payloads and POSTing them straight to the same receiver with the worker's concurrency:
 *   1. deliveries per second for a burst of BENCH_WEBHOOK_BURST events;
 *   2. p50/p99 event-to-delivery latency at a steady BENCH_WEBHOOK_RATE events per second.
 */
import 'reflect-metadata';
import { EventEnvelope, PAYOUT_EVENTS } from '@slotline/contracts';
import { connect, headers as natsHeaders, NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { signWebhook } from '../apps/notifications/src/webhooks/webhook-signature';
import { WebhookReceiver } from './webhook-receiver';
import { fmt, percentile } from './load';
import { benchDatabaseUrl, machineLine, runBench, withPlatform } from './platform';

const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4300);
const BURST = Number(process.env.BENCH_WEBHOOK_BURST ?? 1000);
const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 50);
const STEADY_SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10);
const CONCURRENCY = 16; // WEBHOOK_CONCURRENCY's default
const PASSWORD = 'a long enough benchmark passphrase';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function payoutEvent(): EventEnvelope {
  return {
    id: uuidv7(),
    type: PAYOUT_EVENTS.approved.type,
    occurred_at: new Date().toISOString(),
    producer: 'payouts',
    actor: null,
    data: {
      payout_id: randomUUID(),
      assignment_id: randomUUID(),
      job_id: randomUUID(),
      provider_user_id: randomUUID(),
      practitioner_id: randomUUID(),
      customer_id: randomUUID(),
      amount_minor: 12_500,
      currency: 'GBP',
      status: 'approved',
      occurred_at: new Date().toISOString(),
    },
  };
}

/** Sends events one way or the other and waits until the receiver has every one; returns latencies. */
type Sender = (event: EventEnvelope) => Promise<void>;

async function measure(
  receiver: WebhookReceiver,
  path: string,
  send: Sender,
  events: EventEnvelope[],
  ratePerSecond: number | null,
): Promise<{ seconds: number; latencies: number[]; unverified: number }> {
  const sentAt = new Map<string, number>();
  const before = receiver.at(path).length;
  const t0 = Date.now();
  const inFlight: Promise<void>[] = [];
  for (const [i, event] of events.entries()) {
    if (ratePerSecond) {
      const due = t0 + (i * 1000) / ratePerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
    } else if (inFlight.length >= CONCURRENCY) {
      await Promise.race(inFlight);
    }
    sentAt.set(event.id, Date.now());
    const p = send(event).finally(() => inFlight.splice(inFlight.indexOf(p), 1));
    inFlight.push(p);
  }
  await Promise.all(inFlight);
  const got = await receiver.waitFor(path, before + events.length, 600_000);
  const mine = got.slice(before);
  const seconds = (Math.max(...mine.map((r) => r.receivedAt)) - t0) / 1000;
  const latencies = mine.map((r) => r.receivedAt - sentAt.get(r.id)!).sort((a, b) => a - b);
  return { seconds, latencies, unverified: mine.filter((r) => r.verifiedBy.length === 0).length };
}

/** The baseline: the same signature and body, POSTed straight to the receiver (new connection each, as the worker does). */
function directSender(url: string, secret: string): Sender {
  return (event) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({
        type: 'payout.approved',
        timestamp: event.occurred_at,
        data: event.data,
      });
      const req = http.request(url, {
        method: 'POST',
        agent: false,
        headers: { ...signWebhook([secret], event.id, new Date(), body), 'content-type': 'application/json' },
      });
      req.on('response', (res) => res.resume().on('end', () => resolve()));
      req.on('error', reject);
      req.end(body);
    });
}

function streamSender(nc: NatsConnection, tag: string): Sender {
  const js = nc.jetstream();
  return async (event) => {
    const h = natsHeaders();
    h.set('Nats-Msg-Id', event.id);
    await js.publish(`${tag}.${event.type}`, JSON.stringify(event), { headers: h });
  };
}

async function adminToken(gateway: string): Promise<string> {
  const email = `bench-webhooks-${randomUUID()}@example.com`;
  const post = (path: string, body: object) =>
    fetch(`${gateway}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/v1/auth/register', { email, password: PASSWORD });
  const db = new Client({ connectionString: benchDatabaseUrl() });
  await db.connect();
  await db.query(`UPDATE auth.users SET role = 'admin' WHERE email = $1`, [email]);
  await db.end();
  const login = await post('/v1/auth/login', { email, password: PASSWORD });
  return ((await login.json()) as { access_token: string }).access_token;
}

const line = (name: string, r: { seconds: number; latencies: number[] }, n: number) =>
  `${name}: ${(n / r.seconds).toFixed(0)} deliveries/s, p50 ${fmt(percentile(r.latencies, 50))}, p99 ${fmt(percentile(r.latencies, 99))}`;

async function main(): Promise<void> {
  const receiver = await new WebhookReceiver().start();
  const tag = `bench_wh_${process.pid}`;
  console.log(machineLine());
  try {
    await withPlatform(
      {
        tag,
        portBase: PORT_BASE,
        env: { WEBHOOK_ALLOW_INSECURE_URLS: 'true', AUTH_REQUIRE_ADMIN_2FA: 'false' },
      },
      async (platform) => {
        const token = await adminToken(platform.url);
        const path = `/bench-${tag}`;
        const created = await fetch(`${platform.url}/v1/webhooks/endpoints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ url: receiver.url(path), event_types: ['payout.approved'] }),
        });
        const { id, secret } = (await created.json()) as { id: string; secret: string };
        receiver.setSecrets(path, [secret]);
        const basePath = `${path}-baseline`;
        receiver.setSecrets(basePath, [secret]);
        const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
        const viaWebhooks = streamSender(nc, tag);
        const baseline = directSender(receiver.url(basePath), secret);
        const batch = (n: number) => Array.from({ length: n }, payoutEvent);

        await measure(receiver, path, viaWebhooks, batch(50), null); // warm-up
        await measure(receiver, basePath, baseline, batch(50), null);
        console.log(`burst of ${BURST} events (baseline: ${CONCURRENCY} POSTs in parallel)`);
        const wBurst = await measure(receiver, path, viaWebhooks, batch(BURST), null);
        const bBurst = await measure(receiver, basePath, baseline, batch(BURST), null);
        console.log(`  ${line('webhooks', wBurst, BURST)}`);
        console.log(`  ${line('baseline', bBurst, BURST)}`);
        console.log(
          `  ratio webhooks/baseline throughput: ${(BURST / wBurst.seconds / (BURST / bBurst.seconds)).toFixed(3)}`,
        );

        const steady = RATE * STEADY_SECONDS;
        console.log(`steady ${RATE} events/s for ${STEADY_SECONDS} s (${steady} events)`);
        const wSteady = await measure(receiver, path, viaWebhooks, batch(steady), RATE);
        const bSteady = await measure(receiver, basePath, baseline, batch(steady), RATE);
        console.log(`  ${line('webhooks', wSteady, steady)}`);
        console.log(`  ${line('baseline', bSteady, steady)}`);
        console.log(
          `  ratio webhooks/baseline p99 latency: ${(percentile(wSteady.latencies, 99) / percentile(bSteady.latencies, 99)).toFixed(1)}`,
        );
        const unverified = [wBurst, bBurst, wSteady, bSteady].reduce((n, r) => n + r.unverified, 0);
        console.log(`requests the receiver could not verify with standardwebhooks: ${unverified}`);
        await fetch(`${platform.url}/v1/webhooks/endpoints/${id}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${token}` },
        });
        await nc.close();
      },
    );
  } finally {
    await receiver.stop();
  }
}

runBench(main);
