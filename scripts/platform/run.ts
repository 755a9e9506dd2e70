/**
 * The container image's entry point: `run.js <app>` starts one app, `run.js migrate` applies the
 * migrations, `run.js await-migrations <service>` waits for them (a pod's init container).
 * One image, five apps: the Deployment (or compose service) picks the app by its first argument.
 */
import path from 'node:path';
import { SERVICE_SCHEMAS, ServiceName } from '@slotline/persistence';
import { awaitMigrations } from './await-migrations';
import { migrateFromEnv } from './migrate';
import { APP_NAMES } from './processes';

const say = (msg: string) => process.stderr.write(`[run] ${msg}\n`);
const usage = `usage: run.js <${APP_NAMES.join('|')}> | migrate | await-migrations <service>`;

function main([command, arg]: string[]): void {
  if ((APP_NAMES as readonly string[]).includes(command)) {
    // The app's main.js starts it on load, exactly as `node dist/apps/<app>/src/main.js` would.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(__dirname, '..', '..', 'apps', command, 'src', 'main.js'));
  } else if (command === 'migrate') {
    void migrateFromEnv();
  } else if (
    command === 'await-migrations' &&
    arg !== undefined &&
    arg in SERVICE_SCHEMAS &&
    process.env.DATABASE_URL
  ) {
    awaitMigrations({ service: arg as ServiceName, url: process.env.DATABASE_URL, log: say }).catch(
      (err: Error) => {
        say(err.message);
        process.exit(1);
      },
    );
  } else {
    say(usage);
    process.exit(64);
  }
}

main(process.argv.slice(2));
