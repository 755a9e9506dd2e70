/**
 * An open-model load generator: requests start at a fixed arrival rate whatever the answers do, and each
 * latency is counted from when the request was due, not when it was sent, so a stalled server is not
 * hidden by a client that politely waits (coordinated omission).
 */
import { percentile } from './load';

export interface Arrival {
  route: string;
  /** Resolves with the answer's status, or a word for what went wrong before there was one. */
  send: () => Promise<number | string>;
  expect: number;
}

export interface RouteStats {
  route: string;
  count: number;
  errors: number;
  /** What came back instead of the expected status, e.g. `409×3`. */
  failures: string;
  p50: number;
  p99: number;
}

export interface StepResult {
  rate: number;
  seconds: number;
  sent: number;
  errors: number;
  p50: number;
  p99: number;
  routes: RouteStats[];
}

export async function openLoad(opts: {
  rate: number;
  seconds: number;
  next: () => Arrival;
}): Promise<StepResult> {
  const byRoute = new Map<string, { latencies: number[]; errors: number; failures: Map<string, number> }>();
  const all: number[] = [];
  const inFlight: Array<Promise<void>> = [];
  const total = Math.round(opts.rate * opts.seconds);
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const arrival = opts.next();
    const stats = byRoute.get(arrival.route) ?? {
      latencies: [],
      errors: 0,
      failures: new Map<string, number>(),
    };
    byRoute.set(arrival.route, stats);
    inFlight.push(
      arrival
        .send()
        .catch((err: Error) => err.name)
        .then((status) => {
          const ms = performance.now() - due;
          stats.latencies.push(ms);
          all.push(ms);
          if (status === arrival.expect) return;
          stats.errors++;
          stats.failures.set(String(status), (stats.failures.get(String(status)) ?? 0) + 1);
        }),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - start) / 1000;
  all.sort((a, b) => a - b);
  const routes = [...byRoute].map(([route, s]) => {
    s.latencies.sort((a, b) => a - b);
    return {
      route,
      count: s.latencies.length,
      errors: s.errors,
      failures: [...s.failures].map(([k, n]) => `${k}×${n}`).join(', '),
      p50: percentile(s.latencies, 50),
      p99: percentile(s.latencies, 99),
    };
  });
  return {
    rate: opts.rate,
    seconds,
    sent: all.length,
    errors: routes.reduce((n, r) => n + r.errors, 0),
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    routes: routes.sort((a, b) => a.route.localeCompare(b.route)),
  };
}
