/**
 * `npm start`: provisions and migrates the local database, starts the five apps as separate processes,
 * waits until each is ready, prints their URLs; Ctrl-C or SIGTERM stops them all gracefully.
 */
import { watchParent } from '@slotline/health';
import path from 'node:path';
import { localDatabaseName, serviceDatabaseUrl } from './local-database';
import { migrateAll } from './migrate';
import { describeUnreachable, findUnreachable, platformDependencies } from './preflight';
import { RunningProcess, spawnApps, stopApps, waitReady } from './processes';

const say = (msg: string) => process.stdout.write(`[start] ${msg}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  const unreachable = await findUnreachable(platformDependencies(process.env));
  if (unreachable.length) {
    say(describeUnreachable(unreachable, path.resolve(__dirname, '..', '..', '..')));
    process.exit(1);
  }
  const database = localDatabaseName(process.env);
  await migrateAll({
    database,
    adminUrl: process.env.ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    log: say,
  });
  const procs: RunningProcess[] = spawnApps({
    portBase: Number(process.env.PORT_BASE ?? 3000),
    // Each service connects as its own role to the database just migrated (local trust auth).
    appEnv: (name) => (name === 'gateway' ? {} : { DATABASE_URL: serviceDatabaseUrl(name, process.env) }),
  });
  let stopping = false;
  const stop = (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    say(`${why}: stopping all apps`);
    void stopApps(procs).then(() => process.exit(code));
  };
  process.on('SIGINT', () => stop('SIGINT', 0));
  process.on('SIGTERM', () => stop('SIGTERM', 0));
  // A test or benchmark that starts `npm start` asks for this, so its SIGKILL leaves no app behind.
  if (process.env.EXIT_WITH_PARENT === 'true') watchParent(() => stop('parent gone', 0));
  for (const p of procs) {
    p.child.on('exit', (code, signal) => {
      say(`${p.name} exited (${signal ?? code})`);
      stop(`${p.name} stopped`, stopping ? 0 : 1);
    });
  }
  try {
    await Promise.all(procs.map((p) => waitReady(p)));
  } catch (err) {
    say(`an app failed to become ready: ${(err as Error).message}`);
    stop('start-up failed', 1);
    return;
  }
  const lines = procs.map(
    (p) =>
      `  ${p.name.padEnd(14)} http://127.0.0.1:${p.port}` +
      (p.name === 'gateway'
        ? '   API /v1 · docs /docs · JWKS /.well-known/jwks.json · /health/ready · /metrics'
        : '   /health/ready · /metrics'),
  );
  say(
    `Slotline is up in ${((Date.now() - started) / 1000).toFixed(1)} s:\n${lines.join('\n')}\n[start] Ctrl-C stops everything.`,
  );
}

void main().catch((err) => {
  say(`failed: ${(err as Error).message}`);
  process.exit(1);
});
