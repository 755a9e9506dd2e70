import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';

type Env = Record<string, string | undefined>;

export interface Dependency {
  name: 'PostgreSQL' | 'NATS' | 'Redis';
  /** The variable the address comes from, so the reader knows what to change. */
  variable: string;
  /** host:port candidates; the dependency is up when any of them accepts a connection. */
  addresses: string[];
  /** How to start it on the project's Debian machines (docs/runbooks/onboarding.md). */
  startCommand: string;
}

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** `scheme://user@host:port/db`, `host:port` or `host` → `host:port`. */
function hostPort(address: string, defaultPort: number): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `tcp://${address}`;
  const url = new URL(withScheme);
  return `${url.hostname || '127.0.0.1'}:${url.port || defaultPort}`;
}

/** What `npm start` needs reachable before it provisions anything: PostgreSQL, NATS, and Redis if set. */
export function platformDependencies(env: Env): Dependency[] {
  const deps: Dependency[] = [
    {
      name: 'PostgreSQL',
      variable: env.ADMIN_DATABASE_URL ? 'ADMIN_DATABASE_URL' : 'ADMIN_DATABASE_URL (default)',
      addresses: [hostPort(env.ADMIN_DATABASE_URL || DEFAULT_ADMIN_URL, 5432)],
      startCommand: 'pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start',
    },
    {
      name: 'NATS',
      variable: env.NATS_URL ? 'NATS_URL' : 'NATS_URL (default)',
      addresses: (env.NATS_URL || DEFAULT_NATS_URL).split(',').map((s) => hostPort(s.trim(), 4222)),
      startCommand:
        'mkdir -p /var/lib/nats-server && start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log',
    },
  ];
  if (env.REDIS_URL) {
    deps.push({
      name: 'Redis',
      variable: 'REDIS_URL',
      addresses: [hostPort(env.REDIS_URL, 6379)],
      startCommand: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    });
  }
  return deps;
}

function probe(address: string, timeoutMs: number): Promise<string | null> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.split(':').pop())];
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (problem: string | null) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(err.code === 'ECONNREFUSED' ? 'connection refused' : (err.code ?? err.message)),
    );
    socket.connect(port, host);
  });
}

export interface Unreachable {
  dependency: Dependency;
  problem: string;
}

export async function findUnreachable(deps: Dependency[], timeoutMs = 2000): Promise<Unreachable[]> {
  const results = await Promise.all(
    deps.map(async (dependency) => {
      const problems = await Promise.all(dependency.addresses.map((a) => probe(a, timeoutMs)));
      return problems.some((p) => p === null) ? null : { dependency, problem: problems[0]! };
    }),
  );
  return results.filter((r): r is Unreachable => r !== null);
}

/** The message a developer reads instead of a stack trace: which one, where, and how to start it. */
export function describeUnreachable(unreachable: Unreachable[], repoRoot: string): string {
  const lines = unreachable.flatMap(({ dependency: d, problem }) => [
    `  ${d.name} is not reachable at ${d.addresses.join(', ')} (${d.variable}): ${problem}`,
    `    start it: ${d.startCommand}`,
  ]);
  const compose = existsSync(path.join(repoRoot, 'docker-compose.yml'))
    ? 'or `docker compose up -d` (docker-compose.yml), '
    : '';
  return [
    `cannot start: ${unreachable.map((u) => u.dependency.name).join(', ')} not reachable`,
    ...lines,
    `  Or start everything that is missing at once: ${compose}or \`bash .ci/run\` (it then installs and runs the tests).`,
    '  Elsewhere? Point the variable above at your server (see .env.example).',
  ].join('\n');
}
