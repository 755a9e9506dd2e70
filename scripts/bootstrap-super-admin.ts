/**
 * `npm run auth:bootstrap-super-admin -- --email ops@example.com [--force]`
 *
 * Makes the first super_admin (docs/security.md): promotes the registered account with that email, or
 * creates it with a password from BOOTSTRAP_PASSWORD or stdin (asked without echo on a terminal). It
 * refuses when a super_admin already exists unless --force. Connects as auth-audit does under
 * `npm start`: DATABASE_URL if set, else auth-audit's role on DATABASE_NAME (default `slotline`).
 */
import 'reflect-metadata';
import { loadConfig } from '@slotline/config';
import { OutboxWriter } from '@slotline/messaging';
import { createDataSource, SERVICE_SCHEMAS, TransactionRunner } from '@slotline/persistence';
import { AccountsRepository } from '../apps/auth-audit/src/accounts/accounts.repository';
import { PasswordHasher } from '../apps/auth-audit/src/accounts/password-hasher';
import { AuthAuditConfig } from '../apps/auth-audit/src/config/auth-audit.config';
import {
  BootstrapRefused,
  BootstrapResult,
  bootstrapSuperAdmin,
} from '../apps/auth-audit/src/roles/bootstrap-super-admin';
import { serviceDatabaseUrl } from './platform/local-database';

type Env = Record<string, string | undefined>;

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

/** Stdin: hidden input on a terminal, the first line of a pipe otherwise. */
async function readPasswordFromStdin(): Promise<string | undefined> {
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

/** Runs the bootstrap for `argv`; the password comes from BOOTSTRAP_PASSWORD, else from `readPassword`. */
export async function runBootstrapSuperAdmin(
  argv: string[],
  env: Env,
  readPassword: () => Promise<string | undefined> = readPasswordFromStdin,
): Promise<BootstrapResult> {
  const args = parseArgs(argv);
  const config = loadConfig(AuthAuditConfig, {
    ...env,
    DATABASE_URL: serviceDatabaseUrl('auth-audit', env),
  });
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    schema: SERVICE_SCHEMAS['auth-audit'].schema,
    applicationName: 'auth-bootstrap',
    poolSize: 2,
  });
  await dataSource.initialize();
  try {
    return await bootstrapSuperAdmin(
      {
        accounts: new AccountsRepository(dataSource),
        tx: new TransactionRunner(dataSource),
        outbox: new OutboxWriter({ schema: SERVICE_SCHEMAS['auth-audit'].schema, producer: 'auth-audit' }),
        hasher: new PasswordHasher({
          memoryKib: config.ARGON2_MEMORY_KIB,
          iterations: config.ARGON2_ITERATIONS,
        }),
      },
      {
        email: args.email,
        force: args.force,
        readPassword: async () => env.BOOTSTRAP_PASSWORD || readPassword(),
      },
    );
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runBootstrapSuperAdmin(process.argv.slice(2), process.env).then(
    (result) => {
      const what = {
        created: 'created',
        promoted: `promoted (was ${result.previousRole})`,
        unchanged: 'already super_admin',
      }[result.outcome];
      say(`user ${result.userId}: ${what}`);
      say('next: sign in, then enrol two-factor (docs/security.md, "The first super_admin")');
      process.exit(0);
    },
    (err: unknown) => {
      say(err instanceof BootstrapRefused ? `refused: ${err.message}` : `failed: ${(err as Error).message}`);
      process.exit(err instanceof BootstrapRefused ? 2 : 1);
    },
  );
}
