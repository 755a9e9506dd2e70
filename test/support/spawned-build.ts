import { childProcessEnv } from '@slotline/testing';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/**
 * Compiles the apps and libs into a folder of this test's own under `.tmp/` (never `dist/`, which other
 * test files build and delete), so a test can run real app processes without racing them.
 */
export class SpawnedBuild {
  readonly dir: string;

  constructor(tag: string) {
    this.dir = path.join(root, '.tmp', `build-${tag}`);
  }

  compile(): void {
    execFileSync(
      path.join(root, 'node_modules/.bin/swc'),
      [
        'apps',
        'libs',
        '-d',
        this.dir,
        '--quiet',
        '--ignore',
        '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts',
      ],
      { cwd: root, stdio: 'ignore' },
    );
  }

  /** Starts `apps/<app>/src/main.js` of this build with `env` on top of the test process's environment. */
  spawn(app: string, env: Record<string, string>, output: string[]): ChildProcess {
    const child = spawn(process.execPath, [path.join(this.dir, 'apps', app, 'src', 'main.js')], {
      cwd: root,
      env: childProcessEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));
    return child;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export async function stopProcess(child: ChildProcess | undefined, graceMs = 5000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
