/**
 * The container image's entry point: `run.js <app>` starts one app, `run.js migrate` applies the
 * migrations, `run.js await-migrations <service>` waits for them (a pod's init container).
 * One image, five apps: the Deployment (or compose service) picks the app by its first argument.
 * Each branch loads only what it runs.
 */
import path from 'node:path';
import type { ServiceName } from '@slotline/persistence';
import { APP_NAMES } from './processes';

const SERVICES: readonly string[] = APP_NAMES.filter((name) => name !== 'gateway');
const say = (msg: string) => process.stderr.write(`[run] ${msg}\n`);
const usage = `usage: run.js <${APP_NAMES.join('|')}> | migrate | await-migrations <${SERVICES.join('|')}>`;

function fail(err: Error): never {
  say(err.message);
  process.exit(1);
}

function main([command, arg]: string[]): void {
  const databaseUrl = process.env.DATABASE_URL;
  if ((APP_NAMES as readonly string[]).includes(command)) {
    // The app's main.js starts it on load, exactly as `node dist/apps/<app>/src/main.js` would.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(__dirname, '..', '..', 'apps', command, 'src', 'main.js'));
  } else if (command === 'migrate') {
    void import('./migrate').then((m) => m.migrateFromEnv(), fail);
  } else if (command === 'await-migrations' && SERVICES.includes(arg) && databaseUrl) {
    void import('./await-migrations')
      .then((m) => m.awaitMigrations({ service: arg as ServiceName, url: databaseUrl, log: say }))
      .catch(fail);
  } else {
    say(usage);
    process.exit(64);
  }
}

main(process.argv.slice(2));
