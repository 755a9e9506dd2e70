import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const APP_NAMES = ['auth-audit', 'scheduling', 'notifications', 'payouts', 'gateway'] as const;
export type PlatformAppName = (typeof APP_NAMES)[number];

/** Default ports: gateway 3000, then the services in this order from 3001. */
export function portOf(name: PlatformAppName, base = 3000): number {
  return name === 'gateway' ? base : base + 1 + APP_NAMES.indexOf(name);
}

/**
 * V8 flags every app runs with, here (`npm start`, the benchmarks, the end-to-end tests) and in the
 * image's ENTRYPOINT (the Dockerfile spec holds the two together). After a full GC the old generation
 * may grow to twice its live size before the next one, instead of V8's own factor, which falls to 1.1
 * once a process allocates little on its heap. V8 counts the Buffers a process has not yet collected
 * against that headroom, so an app that reads or writes large messages (an availability page is 129 kB,
 * through a socket, the NATS client and a copy) ran a full GC every 20–40 requests and spent about
 * twice its CPU per request (ADR 0012, docs/performance.md "Availability p99, ninth pass").
 */
export const APP_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=100'];

export interface RunningProcess {
  name: PlatformAppName;
  port: number;
  child: ChildProcess;
}

export function spawnApps(
  opts: {
    portBase?: number;
    env?: NodeJS.ProcessEnv;
    /** Settings that differ per app (e.g. each service's DATABASE_URL). */
    appEnv?: (name: PlatformAppName) => NodeJS.ProcessEnv;
    stdio?: 'inherit' | 'ignore';
    nodeArgs?: string[];
  } = {},
): RunningProcess[] {
  return APP_NAMES.map((name) => {
    const port = portOf(name, opts.portBase);
    const main = path.join(__dirname, '..', '..', 'apps', name, 'src', 'main.js');
    const child = spawn(
      process.execPath,
      [...APP_NODE_FLAGS, ...(opts.nodeArgs ?? []), '--enable-source-maps', main],
      {
        stdio: ['ignore', opts.stdio ?? 'inherit', opts.stdio ?? 'inherit'],
        // The apps stop with their supervisor, even one killed with SIGKILL (see watchParent).
        env: {
          ...process.env,
          EXIT_WITH_PARENT: 'true',
          ...opts.env,
          ...opts.appEnv?.(name),
          HTTP_PORT: String(port),
        },
      },
    );
    return { name, port, child };
  });
}

export async function waitReady(proc: RunningProcess, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited with code ${proc.child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${proc.port}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${proc.name} not ready after ${timeoutMs} ms`);
}

/** SIGTERM to all; SIGKILL whatever is left after `forceAfterMs`. Resolves when every process exited. */
export function stopApps(procs: RunningProcess[], forceAfterMs = 15000): Promise<void> {
  const alive = procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  const exits = alive.map((p) => new Promise<void>((r) => p.child.once('exit', () => r())));
  alive.forEach((p) => p.child.kill('SIGTERM'));
  const force = setTimeout(
    () => alive.forEach((p) => p.child.exitCode === null && p.child.kill('SIGKILL')),
    forceAfterMs,
  );
  return Promise.all(exits).then(() => clearTimeout(force));
}
