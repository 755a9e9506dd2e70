/**
 * `npm run auth:bootstrap-super-admin -- --email ops@example.com [--force]`
 *
 * Makes the first super_admin (docs/security.md): promotes the registered account with that email, or
 * creates it with a password from BOOTSTRAP_PASSWORD or stdin (asked without echo on a terminal). It
 * refuses when a super_admin already exists unless --force. Connects with auth-audit's own settings.
 */
import 'reflect-metadata';
import { loadConfig } from '@slotline/config';
import { OutboxWriter } from '@slotline/messaging';
import { createDataSource, SERVICE_SCHEMAS, TransactionRunner } from '@slotline/persistence';
import { AccountsRepository } from '../apps/auth-audit/src/accounts/accounts.repository';
import { PasswordHasher } from '../apps/auth-audit/src/accounts/password-hasher';
import { AuthAuditConfig } from '../apps/auth-audit/src/config/auth-audit.config';
import { AUTH_ENTITIES } from '../apps/auth-audit/src/entities';
import { BootstrapRefused, bootstrapSuperAdmin } from '../apps/auth-audit/src/roles/bootstrap-super-admin';

const say = (msg: string) => process.stderr.write(`[bootstrap-super-admin] ${msg}\n`);

function parseArgs(argv: string[]): { email: string; force: boolean } {
  let email = '';
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--email') email = argv[++i] ?? '';
    else if (argv[i].startsWith('--email=')) email = argv[i].slice('--email='.length);
    else if (argv[i] === '--force') force = true;
    else throw new BootstrapRefused(`unknown argument ${argv[i]}; usage: --email <address> [--force]`);
  }
  if (!email)
    throw new BootstrapRefused('usage: npm run auth:bootstrap-super-admin -- --email <address> [--force]');
  return { email, force };
}

/** BOOTSTRAP_PASSWORD, else stdin: hidden input on a terminal, the first line of a pipe otherwise. */
async function readPassword(): Promise<string | undefined> {
  if (process.env.BOOTSTRAP_PASSWORD) return process.env.BOOTSTRAP_PASSWORD;
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] || undefined;
  }
  process.stderr.write('Password for the new super_admin (not shown): ');
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          return resolve(value || undefined);
        }
        if (ch === '\u0003') process.exit(130);
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig(AuthAuditConfig, process.env);
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    schema: SERVICE_SCHEMAS['auth-audit'].schema,
    applicationName: 'auth-bootstrap',
    entities: AUTH_ENTITIES,
    poolSize: 2,
  });
  await dataSource.initialize();
  try {
    const result = await bootstrapSuperAdmin(
      {
        accounts: new AccountsRepository(dataSource),
        tx: new TransactionRunner(dataSource),
        outbox: new OutboxWriter({ schema: SERVICE_SCHEMAS['auth-audit'].schema, producer: 'auth-audit' }),
        hasher: new PasswordHasher({
          memoryKib: config.ARGON2_MEMORY_KIB,
          iterations: config.ARGON2_ITERATIONS,
        }),
      },
      { email: args.email, force: args.force, readPassword },
    );
    const what = {
      created: 'created',
      promoted: `promoted (was ${result.previousRole})`,
      unchanged: 'already super_admin',
    }[result.outcome];
    say(`user ${result.userId}: ${what}`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(err instanceof BootstrapRefused ? `refused: ${err.message}` : `failed: ${(err as Error).message}`);
    process.exit(err instanceof BootstrapRefused ? 2 : 1);
  },
);
