/**
 * `npm start`: provisions and migrates the local database, starts the five apps as separate processes,
 * waits until each is ready, prints their URLs; Ctrl-C or SIGTERM stops them all gracefully.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { migrateAll } from './migrate';

export const APPS = [
  { name: 'auth-audit', port: 3001 },
  { name: 'scheduling', port: 3002 },
  { name: 'notifications', port: 3003 },
  { name: 'payouts', port: 3004 },
  { name: 'gateway', port: 3000 },
] as const;

async function waitReady(url: string, child: ChildProcess, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready after ${timeoutMs} ms`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const database = process.env.DATABASE_NAME ?? 'slotline';
  await migrateAll({
    database,
    adminUrl: process.env.ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    log: (m) => process.stdout.write(`[start] ${m}\n`),
  });
  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`[start] ${signal}: stopping all apps\n`);
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    const force = setTimeout(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')), 15000);
    force.unref();
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));

  for (const app of APPS) {
    const main = path.join(__dirname, '..', '..', 'apps', app.name, 'src', 'main.js');
    const child = spawn(process.execPath, ['--enable-source-maps', main], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, HTTP_PORT: String(app.port) },
    });
    child.on('exit', (code, signal) => {
      process.stdout.write(`[start] ${app.name} exited (${signal ?? code})\n`);
      if (!stopping) stopAll('SIGTERM');
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(stopping ? 0 : 1);
    });
    children.push(child);
  }
  try {
    await Promise.all(APPS.map((app, i) => waitReady(`http://127.0.0.1:${app.port}`, children[i])));
  } catch (err) {
    process.stderr.write(`[start] an app failed to become ready: ${(err as Error).message}\n`);
    stopAll('SIGTERM');
    return;
  }
  const lines = APPS.map((a) => `  ${a.name.padEnd(14)} http://127.0.0.1:${a.port}${a.name === 'gateway' ? '  (API: /v1, JWKS: /.well-known/jwks.json)' : '  (/health/ready, /metrics)'}`);
  process.stdout.write(`\n[start] Slotline is up in ${((Date.now() - started) / 1000).toFixed(1)} s:\n${lines.join('\n')}\n[start] Ctrl-C stops everything.\n\n`);
}

void main().catch((err) => {
  process.stderr.write(`[start] failed: ${(err as Error).message}\n`);
  process.exit(1);
});
