import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { childProcessEnv, connectTestNats, pollUntil } from '@slotline/testing';
import { createServer } from 'node:net';
import path from 'node:path';
import { freePortRange } from '../support/free-ports';
import { TEST_DATABASE, serviceDatabaseUrl, uniqueTag } from '../support/test-env';

const root = path.resolve(__dirname, '..', '..');

// Generous: on a shared, loaded machine a process can take a minute to start. A process not yet
// listening refuses the probe's connection: that is "not yet", not a failure.
const waitFor = (what: string, check: () => Promise<boolean>, timeoutMs = 60000) =>
  pollUntil(what, check, { timeoutMs, intervalMs: 50, retryErrors: true });

/** Every process this file starts; each leads a process group of its own (npm start's apps join it). */
const started: ChildProcess[] = [];

/** Runs `node <script>` from the build, with the test's environment plus `env`, in a new process group. */
function startNode(
  script: string,
  env: Record<string, string>,
  output: 'pipe' | 'ignore' = 'pipe',
): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, script)], {
    env: childProcessEnv(env),
    stdio: ['ignore', output, output],
    detached: true,
  });
  started.push(child);
  return child;
}

/** SIGKILL to the child's whole group, so a failed test leaves no app behind (npm start's included). */
function killGroup(child: ChildProcess | undefined): void {
  if (child?.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
}

// The safety net for a test that failed before its own clean-up (a test's finally/afterAll runs first).
afterAll(() => started.forEach(killGroup));

/** The real binary, as `npm start` and Kubernetes run it: SIGTERM → not ready → drained → exit 0. */
describe('OPS-1 a real process on SIGTERM', () => {
  let child: ChildProcess;
  let port: number;
  const output: string[] = [];

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
    port = await freePortRange(1);
  }, 180000);

  const tag = uniqueTag('p');

  afterAll(async () => {
    killGroup(child);
    const nc = await connectTestNats();
    await (await nc.jetstreamManager()).streams.delete(`EVENTS_${tag}`).catch(() => undefined);
    await nc.close();
  });

  it('fails readiness, then exits 0 after draining', async () => {
    child = startNode('dist/apps/payouts/src/main.js', {
      HTTP_PORT: String(port),
      DATABASE_URL: serviceDatabaseUrl('payouts'),
      NATS_SUBJECT_PREFIX: `${tag}.`,
      NATS_STREAM: `EVENTS_${tag}`,
      SHUTDOWN_GRACE_MS: '1500',
      PAYOUT_CAPTURE_INTERVAL_MS: '0', // never take other suites' approved payouts
    });
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));
    const ready = () => fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status);
    await waitFor('payouts to be ready', async () => (await ready()) === 200);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    await waitFor('readiness to fail while draining', async () => (await ready()) === 503, 1000);
    child.kill('SIGTERM'); // a second signal must not cut the drain short
    expect(await exited).toBe(0);
    const events = output
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l).event);
    expect(events).toEqual(expect.arrayContaining(['startup', 'shutdown', 'stopped']));
  }, 90000);

  it('stops by itself when the process that started it is killed with SIGKILL', async () => {
    // A stand-in supervisor: starts payouts with the test's environment (EXIT_WITH_PARENT on, as every
    // test and `npm start` sets it), prints the app's pid, then waits to be killed.
    const appPort = port + 2;
    const supervisor = startNode('test/support/stand-in-supervisor.js', {
      APP_MAIN: path.join(root, 'dist/apps/payouts/src/main.js'),
      HTTP_PORT: String(appPort),
      DATABASE_URL: serviceDatabaseUrl('payouts'),
      NATS_SUBJECT_PREFIX: `${tag}.`,
      NATS_STREAM: `EVENTS_${tag}`,
      SHUTDOWN_GRACE_MS: '0',
      PAYOUT_CAPTURE_INTERVAL_MS: '0',
    });
    let out = '';
    supervisor.stdout!.on('data', (d) => (out += String(d)));
    const ready = () => fetch(`http://127.0.0.1:${appPort}/health/ready`).then((r) => r.status);
    await waitFor('payouts under the stand-in supervisor to be ready', async () => (await ready()) === 200);
    const appPid = Number(/^app pid (\d+)$/m.exec(out)![1]);

    process.kill(supervisor.pid!, 'SIGKILL'); // the supervisor only, not its group
    const alive = () => {
      try {
        process.kill(appPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor('the orphaned app to exit', async () => !alive(), 30000);
    const events = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event?: string; signal?: string });
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event: 'parent_gone' }),
        expect.objectContaining({ event: 'stopped', signal: 'parent_gone' }),
      ]),
    );
  }, 90000);

  it('refuses to start in production with local defaults, naming every unsafe setting', async () => {
    const proc = startNode('dist/apps/auth-audit/src/main.js', {
      NODE_ENV: 'production',
      HTTP_PORT: String(port + 1),
    });
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/AUTH_JWT_PRIVATE_JWKS/);
    expect(stderr).toMatch(/DATABASE_URL/);
  }, 30000);
});

/** The README quickstart's `npm start`, on other ports and the test database: up, ready, stopped cleanly. */
describe('npm start (scripts/platform/start.js)', () => {
  it('starts all five apps, prints their URLs, and stops them all on SIGTERM', async () => {
    const tag = uniqueTag('s');
    const portBase = await freePortRange(5);
    const start = startNode('dist/scripts/platform/start.js', {
      PORT_BASE: String(portBase),
      DATABASE_NAME: TEST_DATABASE,
      NATS_SUBJECT_PREFIX: `${tag}.`,
      NATS_STREAM: `EVENTS_${tag}`,
      LOG_LEVEL: 'warn',
    });
    let out = '';
    start.stdout!.on('data', (d) => (out += String(d)));
    start.stderr!.on('data', (d) => (out += String(d)));
    try {
      await waitFor(
        'npm start to come up',
        async () => out.includes('Slotline is up') || start.exitCode !== null,
        150000,
      ).catch(() => undefined);
      if (!out.includes('Slotline is up')) throw new Error(`npm start did not come up:\n${out.slice(-3000)}`);
      for (let port = portBase; port < portBase + 5; port++) {
        expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
        expect(out).toContain(`http://127.0.0.1:${port}`);
      }
      const exited = new Promise<number | null>((resolve) => start.once('exit', resolve));
      start.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (let port = portBase; port < portBase + 5; port++) {
        await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
      }
    } finally {
      killGroup(start); // its five apps too, had it died without stopping them
      const nc = await connectTestNats();
      await (await nc.jetstreamManager()).streams.delete(`EVENTS_${tag}`).catch(() => undefined);
      await nc.close();
    }
  }, 200000);
});

/** GW-3 across real processes: two gateway processes, one Redis, one budget. */
describe('rate limits shared by two gateway processes', () => {
  it('counts requests to either process against the same limit', async () => {
    const tag = uniqueTag('r');
    const first = await freePortRange(2);
    const ports = [first, first + 1];
    const gateways = ports.map((port) =>
      startNode(
        'dist/apps/gateway/src/main.js',
        {
          HTTP_PORT: String(port),
          REDIS_URL: 'redis://127.0.0.1:6379',
          RATE_LIMIT_AUTH_POINTS: '3',
          NATS_SUBJECT_PREFIX: `${tag}.`,
          NATS_STREAM: `EVENTS_${tag}`,
          LOG_LEVEL: 'warn',
        },
        'ignore',
      ),
    );
    try {
      // Live, not ready: no service runs under this prefix, and a gateway that reaches no service is
      // not ready (it still answers, which is what this test needs).
      for (const port of ports) {
        await waitFor(
          `gateway ${port} to be live`,
          async () => (await fetch(`http://127.0.0.1:${port}/health/live`)).status === 200,
        );
      }
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        // No auth-audit runs under this prefix: each allowed call is a 503, but it still spends budget.
        last = await fetch(`http://127.0.0.1:${ports[i % 2]}/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'someone@example.com', password: 'whatever passphrase' }),
        });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([503, 503, 503, 429]);
      expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await last!.json()) as { code: string }).code).toBe('RATE_LIMITED');
    } finally {
      gateways.forEach(killGroup);
      const nc = await connectTestNats();
      await (await nc.jetstreamManager()).streams.delete(`EVENTS_${tag}`).catch(() => undefined);
      await nc.close();
    }
  }, 150000);
});

/** `npm start` with a dependency down: which one, where, and how to start it; not a stack trace. */
describe('npm start on a machine where NATS is not running', () => {
  it('says so plainly and exits 1 before touching the database', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const closed = (probe.address() as { port: number }).port; // free again once closed
    await new Promise((r) => probe.close(r));
    const child = startNode('dist/scripts/platform/start.js', {
      NATS_URL: `nats://127.0.0.1:${closed}`,
      DATABASE_NAME: TEST_DATABASE,
    });
    const output: string[] = [];
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));

    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    const text = output.join('');
    expect(code).toBe(1);
    expect(text).toContain(`NATS is not reachable at 127.0.0.1:${closed} (NATS_URL): connection refused`);
    expect(text).toContain('start it: mkdir -p /var/lib/nats-server && start-stop-daemon');
    expect(text).not.toContain('PostgreSQL is not reachable');
    expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
    expect(text).not.toContain('provisioned database');
  }, 60000);
});
