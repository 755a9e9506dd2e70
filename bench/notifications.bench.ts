/**
 * npm run bench:notifications — the five apps as `npm start` runs them, sending email over SMTP to a real
 * SMTP server (the `smtp-server` package) in this process. Prints, next to a bare baseline measured in
 * the same run against the same server (nodemailer sending the same emails straight to it):
 *   1. throughput: schedule_confirmed events per second from the scheduling outbox to SMTP accepted
 *      (two emails with an ICS invite each), for a burst of BENCH_EVENTS events;
 *   2. event-to-delivery latency p50/p99 at a steady BENCH_RATE events per second, from the outbox
 *      row (the events are written straight into it, so the relay finds them at its next poll, 250 ms,
 *      where a confirm through the API wakes it) and from the event's arrival on the stream (the
 *      notifications service's own part).
 */
import nodemailer from 'nodemailer';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { v7 as uuidv7 } from 'uuid';
import { EventArrivals } from './event-arrivals';
import { percentile } from './load';

const fmt = (n: number) => n.toFixed(2);
import { benchDatabaseUrl, machineLine, runBench, withPlatform } from './platform';

const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4300);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 10);
const CONFIRMED = 'evt.scheduling.assignment.schedule_confirmed.v1';
const ASSIGNMENT = /Assignment: ([0-9a-f-]{36})/;

/** The SMTP server: when each message was accepted, by the assignment its text names. */
class Sink {
  readonly accepted = new Map<string, number[]>();
  readonly raws: string[] = [];
  private server!: SMTPServer;

  async start(): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const id = ASSIGNMENT.exec(raw.replace(/=\r?\n/g, ''))?.[1] ?? 'unknown';
          this.accepted.set(id, [...(this.accepted.get(id) ?? []), Date.now()]);
          if (this.raws.length < 2) this.raws.push(raw);
          callback();
        });
      },
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    return (this.server.server.address() as { port: number }).port;
  }

  async waitFor(ids: string[], perId: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (ids.some((id) => (this.accepted.get(id)?.length ?? 0) < perId)) {
      if (Date.now() > deadline) throw new Error('timed out waiting for emails');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** Two recipients in the notifications directory, as account events would have put them there. */
async function seedRecipients(db: Client): Promise<{ customer: string; provider: string }> {
  const customer = uuidv7();
  const provider = uuidv7();
  for (const [id, role] of [
    [customer, 'customer'],
    [provider, 'provider'],
  ]) {
    await db.query(
      `INSERT INTO notifications.recipients (user_id, email, time_zone, locale, role) VALUES ($1, $2, 'Europe/London', 'en', $3)`,
      [id, `${role}-${id.slice(-6)}@bench.example`, role],
    );
  }
  return { customer, provider };
}

/** Writes one confirmed-visit event into the scheduling outbox, as the confirm command would; returns when. */
async function enqueueConfirmed(
  db: Client,
  parties: { customer: string; provider: string },
  assignmentId: string,
) {
  const start = new Date(Date.now() + 30 * 86_400_000);
  const envelope = {
    id: uuidv7(),
    type: CONFIRMED,
    occurred_at: new Date().toISOString(),
    producer: 'scheduling',
    actor: null,
    request_id: null,
    traceparent: null,
    idempotency_key: null,
    data: {
      actor: null,
      resource_type: 'assignment',
      resource_id: assignmentId,
      outcome: 'success',
      assignment_id: assignmentId,
      job_id: uuidv7(),
      practitioner_id: uuidv7(),
      provider_user_id: parties.provider,
      customer_id: parties.customer,
      status: 'scheduled',
      schedule_version: 2,
      time_zone: 'Europe/London',
      price_amount: 12_500,
      currency: 'GBP',
      scheduled_start: start.toISOString(),
      scheduled_end: new Date(start.getTime() + 3_600_000).toISOString(),
    },
  };
  await db.query(`INSERT INTO scheduling.outbox (id, subject, envelope, headers) VALUES ($1, $2, $3, $4)`, [
    envelope.id,
    CONFIRMED,
    JSON.stringify(envelope),
    JSON.stringify({ 'Slotline-Event-Type': CONFIRMED }),
  ]);
  return Date.now();
}

/**
 * The bare baseline: the same emails, straight to the same server, `concurrency` at a time, over a pool
 * of as many connections, as the service sends them (`SmtpEmailChannel`).
 */
async function bareSend(port: number, raws: string[], count: number, concurrency: number): Promise<number[]> {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: concurrency,
    host: '127.0.0.1',
    port,
    secure: false,
  });
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const t0 = Date.now();
      await transport.sendMail({
        envelope: { from: 'no-reply@slotline.local', to: ['bench@bench.example'] },
        raw: raws[n % raws.length],
      });
      latencies.push(Date.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  transport.close();
  return latencies;
}

async function main(): Promise<void> {
  console.log(machineLine());
  const sink = new Sink();
  const smtpPort = await sink.start();
  const tag = `bn${Date.now().toString(36)}`;
  try {
    await withPlatform(
      {
        tag,
        portBase: PORT_BASE,
        env: {
          EMAIL_TRANSPORT: 'smtp',
          SMTP_PORT: String(smtpPort),
          NOTIFICATIONS_POLL_INTERVAL_MS: '50',
          REMINDER_CRON: 'off',
        },
      },
      async () => {
        const db = new Client({ connectionString: benchDatabaseUrl() });
        await db.connect();
        try {
          const parties = await seedRecipients(db);
          // Warm-up: the first events pay for JIT and connection set-up.
          const warm = Array.from({ length: 5 }, () => uuidv7());
          for (const id of warm) await enqueueConfirmed(db, parties, id);
          await sink.waitFor(warm, 2, 60_000);

          // 1. Burst throughput.
          const ids = Array.from({ length: EVENTS }, () => uuidv7());
          const t0 = Date.now();
          for (const id of ids) await enqueueConfirmed(db, parties, id);
          await sink.waitFor(ids, 2, 300_000);
          const seconds = (Date.now() - t0) / 1000;
          const platformRate = EVENTS / seconds;
          const bare = Date.now();
          await bareSend(smtpPort, sink.raws, EVENTS * 2, 20);
          const bareRate = EVENTS / ((Date.now() - bare) / 1000);
          console.log(
            `throughput: ${fmt(platformRate)} events/s outbox → SMTP accepted (${EVENTS} events, ${EVENTS * 2} emails)` +
              ` | bare nodemailer → same server: ${fmt(bareRate)} events/s | ratio ${fmt(platformRate / bareRate)}`,
          );

          // 2. Latency at a steady rate.
          const arrivals = await EventArrivals.watch(`${tag}.${CONFIRMED}`, (data) => data.assignment_id);
          const sent = new Map<string, number>();
          const steady = Array.from({ length: RATE * STEADY_SECONDS }, () => uuidv7());
          let latencies: number[];
          let fromStream: number[];
          try {
            for (const id of steady) {
              const tick = Date.now();
              sent.set(id, await enqueueConfirmed(db, parties, id));
              await new Promise((r) => setTimeout(r, Math.max(0, 1000 / RATE - (Date.now() - tick))));
            }
            await sink.waitFor(steady, 2, 120_000);
            const delivered = (id: string) => Math.max(...sink.accepted.get(id)!);
            latencies = steady.map((id) => delivered(id) - sent.get(id)!).sort((a, b) => a - b);
            fromStream = steady
              .map((id) => delivered(id) - (arrivals.epochOf(id) ?? NaN))
              .filter(Number.isFinite)
              .sort((a, b) => a - b);
          } finally {
            await arrivals.close();
          }
          const bareLatencies = (await bareSend(smtpPort, sink.raws, steady.length * 2, 1)).sort(
            (a, b) => a - b,
          );
          const p = (xs: number[], q: number) => percentile(xs, q);
          console.log(
            `latency at ${RATE} events/s, event → both emails accepted: p50 ${p(latencies, 50)} ms, p99 ${p(latencies, 99)} ms` +
              ` (from the event on the stream, ${fromStream.length} of ${steady.length} seen there: p50 ${fmt(p(fromStream, 50))} ms, p99 ${fmt(p(fromStream, 99))} ms)` +
              ` | bare send of one email: p50 ${p(bareLatencies, 50)} ms, p99 ${p(bareLatencies, 99)} ms` +
              ` | p50 ratio ${fmt(p(latencies, 50) / Math.max(1, p(bareLatencies, 50)))}`,
          );
        } finally {
          await db.end();
        }
      },
    );
  } finally {
    await sink.stop();
  }
}

runBench(main);
