import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Debian installs it in /usr/sbin, which a non-root PATH may lack. */
const PGBOUNCER = fs.existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : 'pgbouncer';

export function pgbouncerAvailable(): boolean {
  return spawnSync(PGBOUNCER, ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited:\n${fs.readFileSync(log, 'utf8')}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end() && true));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('pgbouncer did not start listening');
}

/**
 * A private PgBouncer in transaction mode in front of the local PostgreSQL (trust auth), configured like
 * the production pooler (k8s/platform/postgres/pooler.yaml): same pool mode, same ignored start-up
 * parameters, and a deliberately small pool so that clients really do share server connections.
 */
export class LocalPgBouncer {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(opts: {
    database: string;
    users: string[];
    poolSize: number;
    ignoreStartupParameters: string;
  }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-pgbouncer-'));
    const port = await freePort();
    fs.writeFileSync(path.join(dir, 'users.txt'), opts.users.map((u) => `"${u}" ""`).join('\n') + '\n');
    // PgBouncer refuses to run as root; as root it is told to switch to the postgres system user.
    const asRoot = process.getuid?.() === 0;
    const ini = [
      '[databases]',
      `${opts.database} = host=127.0.0.1 port=5432 dbname=${opts.database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'admin_users = postgres',
      'pool_mode = transaction',
      `default_pool_size = ${opts.poolSize}`,
      'max_client_conn = 500',
      `ignore_startup_parameters = ${opts.ignoreStartupParameters}`,
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      ...(asRoot ? ['user = postgres'] : []),
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'pgbouncer.ini'), ini + '\n');
    if (asRoot) spawnSync('chown', ['-R', 'postgres', dir]);
    const child = spawn(PGBOUNCER, [path.join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
    const bouncer = new LocalPgBouncer(port, dir, child);
    try {
      await waitForPort(port, child, path.join(dir, 'pgbouncer.log'));
    } catch (err) {
      await bouncer.stop();
      throw err;
    }
    return bouncer;
  }

  url(user: string, database: string): string {
    return `postgres://${user}@127.0.0.1:${this.port}/${database}`;
  }

  /** The admin console (`SHOW SERVERS` etc.), as the postgres user. */
  adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/pgbouncer`;
  }

  log(): string {
    return fs.readFileSync(path.join(this.dir, 'pgbouncer.log'), 'utf8');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
