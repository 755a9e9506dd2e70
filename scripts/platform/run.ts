/**
 * The container image's entry point: `run.js <app>` starts one app, `run.js migrate` applies the
 * migrations, `run.js await-migrations <service>` waits for them (a pod's init container).
 * One image, five apps: the Deployment picks the app by its first argument.
 */
import path from 'node:path';
import { ServiceName, SERVICE_SCHEMAS } from '@slotline/persistence';
import { APP_NAMES, PlatformAppName } from './processes';

const say = (msg: string) => process.stderr.write(`[run] ${msg}\n`);
const usage = `usage: run.js <${APP_NAMES.join('|')}> | migrate | await-migrations <service>`;

function main(argv: string[]): void {
  const [command, arg] = argv;
  if ((APP_NAMES as readonly string[]).includes(command)) {
    require(path.join(__dirname, '..', '..', 'apps', command as PlatformAppName, 'src', 'main.js'));
    return;
  }
  if (command === 'migrate') {
    void require('./migrate').migrateFromEnv();
    return;
  }
  if (command === 'await-migrations' && arg !== undefined && arg in SERVICE_SCHEMAS) {
    const { awaitMigrations } = require('./await-migrations') as typeof import('./await-migrations');
    awaitMigrations({ service: arg as ServiceName, url: process.env.DATABASE_URL ?? '', log: say }).catch(
      (err: Error) => {
        say(err.message);
        process.exit(1);
      },
    );
    return;
  }
  say(usage);
  process.exit(64);
}

main(process.argv.slice(2));
