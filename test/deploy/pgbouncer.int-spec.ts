import {
  answersInOrder,
  createDataSource,
  SERVICE_SCHEMAS,
  ServiceName,
  TransactionRunner,
} from '@slotline/persistence';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { parse } from 'yaml';
import { SUPERUSER_TEST_URL, TEST_DATABASE, uniqueEmail } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';
import { LocalPgBouncer, pgbouncerAvailable } from './support/local-pgbouncer';
import { ROOT } from './support/manifests';

const PASSWORD = 'a long enough passphrase';
const POOL_SIZE = 3;
const pooler = parse(fs.readFileSync(path.join(ROOT, 'k8s/platform/postgres/pooler.yaml'), 'utf8'));
const roles = Object.values(SERVICE_SCHEMAS).map((s) => s.role);

const available = pgbouncerAvailable();
if (!available)
  console.warn('pgbouncer is not installed: the pooler checks did NOT run (.ci/run installs it)');
const describeWithPgBouncer = available ? describe : describe.skip;

/**
 * Production reaches PostgreSQL through PgBouncer in transaction mode (k8s/platform/postgres/pooler.yaml):
 * a client keeps a server connection only for one transaction. Anything kept on a session — a
 * session-level advisory lock, LISTEN, a named prepared statement, a plain SET — would leak to whichever
 * client gets that connection next. These tests run Slotline through a real pgbouncer configured like
 * production's and show that it keeps nothing on a session.
 */
describeWithPgBouncer('Slotline through PgBouncer in transaction mode', () => {
  let bouncer: LocalPgBouncer;
  let db: Client;
  const through = (role: string) => new Client({ connectionString: bouncer.url(role, TEST_DATABASE) });

  beforeAll(async () => {
    bouncer = await LocalPgBouncer.start({
      database: TEST_DATABASE,
      users: ['postgres', ...roles],
      poolSize: POOL_SIZE,
      ignoreStartupParameters: pooler.spec.pgbouncer.parameters.ignore_startup_parameters,
    });
    db = new Client({ connectionString: SUPERUSER_TEST_URL });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await bouncer?.stop();
  });

  it('is configured like production: transaction mode, and start-up settings dropped', () => {
    expect(pooler.spec.pgbouncer.poolMode).toBe('transaction');
    expect(bouncer.log()).not.toMatch(/FATAL|ERROR/);
  });

  it('gives every pooled connection the role defaults for search path and statement timeout', async () => {
    for (const [service, { role, schema }] of Object.entries(SERVICE_SCHEMAS)) {
      const client = through(role);
      await client.connect();
      try {
        const { rows } = await client.query(
          "SELECT current_setting('search_path') AS search_path, current_setting('statement_timeout') AS timeout",
        );
        expect({ service, ...rows[0] }).toEqual({ service, search_path: schema, timeout: '15s' });
      } finally {
        await client.end();
      }
    }
  });

  it('releases a transaction-scoped advisory lock at commit; a session-level one would outlive its client', async () => {
    const key = `pgbouncer-proof-${Date.now()}`;
    const heldAdvisoryLocks = async () =>
      Number(
        (
          await db.query(
            "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = hashtext($1)::oid",
            [key],
          )
        ).rows[0].n,
      );

    const xact = through('slotline_auth');
    await xact.connect();
    await xact.query('BEGIN');
    await xact.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
    expect(await heldAdvisoryLocks()).toBe(1);
    await xact.query('COMMIT');
    await xact.end();
    expect(await heldAdvisoryLocks()).toBe(0);

    // The pattern Slotline must never use: the lock stays on the pooled server connection after the
    // client is gone, held for nobody (and handed to the next client of that connection).
    const session = through('slotline_auth');
    await session.connect();
    await session.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    await session.end();
    expect(await heldAdvisoryLocks()).toBe(1);
    await db.query(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = hashtext($1)::oid",
      [key],
    );
  });

  it("carries a transaction's pipelined statements: one transaction, the first failure reported, the connection reused", async () => {
    // The TransactionRunner sends its opening message without waiting and several statements in one
    // round trip (pg's pipeline mode); through the pooler they must still be one transaction.
    const { role, schema } = SERVICE_SCHEMAS.scheduling;
    const dataSource = createDataSource({
      url: bouncer.url(role, TEST_DATABASE),
      schema,
      applicationName: 'pgbouncer-pipeline-test',
      poolSize: 1,
    });
    await dataSource.initialize();
    try {
      const runner = new TransactionRunner(dataSource);
      type Txid = Array<{ txid: string }>;
      const txids = await runner.run((tx) =>
        answersInOrder(
          tx.query<Txid>('SELECT txid_current()::text AS txid'),
          tx.query<Txid>('SELECT txid_current()::text AS txid'),
          tx.query<Txid>('SELECT txid_current()::text AS txid'),
        ),
      );
      expect(new Set(txids.map((rows) => rows[0].txid)).size).toBe(1);

      const failed = runner.run((tx) =>
        answersInOrder(
          tx.query('SELECT 1'),
          tx.query('SELECT 1 / 0'),
          tx.query('SELECT 2'), // refused only because the one before it failed
        ),
      );
      await expect(failed).rejects.toThrow(/division by zero/);

      // The one pooled connection went back clean: the next transaction runs, and is a new one.
      const [[after]] = await runner.run((tx) =>
        answersInOrder(tx.query<Txid>('SELECT txid_current()::text AS txid')),
      );
      expect(after.txid).not.toBe(txids[0][0].txid);
      expect(bouncer.log()).not.toMatch(/FATAL|ERROR/);
    } finally {
      await dataSource.destroy();
    }
  });

  describe('the event path, end to end, with every service on the pooler', () => {
    let platform: TestPlatform;
    let http: ReturnType<typeof request>;

    beforeAll(async () => {
      platform = await TestPlatform.start({
        apps: ['auth-audit', 'scheduling', 'gateway'],
        env: { AUTH_REQUIRE_ADMIN_2FA: 'false', LOG_LEVEL: 'warn' },
        databaseUrl: (service: ServiceName) => bouncer.url(SERVICE_SCHEMAS[service].role, TEST_DATABASE),
      });
      http = request(platform.url());
    }, 180_000);

    afterAll(async () => {
      await platform?.stop();
    });

    async function signIn(role: 'admin' | 'provider'): Promise<{ id: string; token: string }> {
      const email = uniqueEmail();
      await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
      await db.query('UPDATE auth.users SET role = $1 WHERE email = $2', [role, email]);
      const login = await http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
      const me = await http
        .get('/v1/me')
        .set('Authorization', `Bearer ${login.body.access_token}`)
        .expect(200);
      return { id: me.body.id, token: login.body.access_token };
    }

    it('registers, signs in, changes scheduling, and the event reaches the audit log, once', async () => {
      // Registration (an advisory transaction lock per account), the outbox relay (a try-lock per
      // batch), the audit chain (a lock per append) and the inbox all run on pooled connections.
      const admin = await signIn('admin');
      const provider = await signIn('provider');
      const created = await http
        .post('/v1/admin/practitioners')
        .set('Authorization', `Bearer ${admin.token}`)
        .send({ user_id: provider.id, name: 'Dr Pooled', time_zone: 'Europe/Paris', weekly_hours: {} })
        .expect(201);

      let items: unknown[] = [];
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !items.length) {
        const res = await http
          .get('/v1/admin/audit-logs')
          .query({ resource_id: created.body.id, action: 'scheduling.resource.created' })
          .set('Authorization', `Bearer ${admin.token}`)
          .expect(200);
        items = res.body.items;
        if (!items.length) await new Promise((r) => setTimeout(r, 200));
      }
      expect(items).toHaveLength(1);

      // The apps really were pooled: no more server connections per role than the pool allows, and no
      // advisory lock left behind on any of them.
      const bouncerConsole = new Client({ connectionString: bouncer.adminUrl() });
      await bouncerConsole.connect();
      try {
        const servers = (await bouncerConsole.query('SHOW SERVERS')).rows as {
          user: string;
          remote_pid: string;
        }[];
        for (const role of roles) {
          expect(servers.filter((s) => s.user === role).length).toBeLessThanOrEqual(POOL_SIZE);
        }
        expect(servers.length).toBeGreaterThan(0);
        // A relay batch may hold its transaction lock right now; a leaked session lock would never go.
        const pids = servers.map((s) => Number(s.remote_pid));
        const advisoryLocks = async () =>
          Number(
            (
              await db.query(
                "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = ANY($1)",
                [pids],
              )
            ).rows[0].n,
          );
        let held = await advisoryLocks();
        for (let i = 0; i < 50 && held > 0; i++) {
          await new Promise((r) => setTimeout(r, 100));
          held = await advisoryLocks();
        }
        expect(held).toBe(0);
      } finally {
        await bouncerConsole.end();
      }
    }, 180_000);
  });
});

/** What the pooler cannot carry, kept out of the code that runs in production. */
describe('no session state in production code', () => {
  const FORBIDDEN: [RegExp, string][] = [
    [/pg_(try_)?advisory_lock(_shared)?\s*\(/, 'a session-level advisory lock (use pg_advisory_xact_lock)'],
    [/pg_advisory_unlock/, 'a session-level advisory unlock'],
    [/['"`]\s*LISTEN\s/i, 'LISTEN'],
    [/['"`]\s*PREPARE\s/i, 'a named prepared statement'],
    [/\bname:\s*['"`][^'"`]+['"`],\s*text:/, 'a named prepared statement (node-postgres)'],
    [
      /['"`]\s*SET\s+(?!LOCAL\b)(SESSION\s+)?[a-z_]+\s*(=|TO)\s/i,
      'a session SET (use SET LOCAL or a role default)',
    ],
    [/set_config\([^)]*,\s*false\s*\)/i, 'a session-wide set_config'],
    [/CREATE\s+TEMP(ORARY)?\s+TABLE/i, 'a temporary table'],
  ];
  const TEST_FILE = /\.(spec|int-spec|e2e-spec|fixture|scenarios)\.ts$|\/testing\//;

  function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return sources(full);
      return e.name.endsWith('.ts') && !TEST_FILE.test(full) ? [full] : [];
    });
  }

  it('uses no session-level lock, LISTEN, named prepared statement, session SET or temp table', () => {
    const files = ['apps', 'libs', 'scripts'].flatMap((d) => sources(path.join(ROOT, d)));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return FORBIDDEN.filter(([re]) => re.test(text)).map(
        ([, what]) => `${path.relative(ROOT, file)}: ${what}`,
      );
    });
    expect(found).toEqual([]);
  });

  it('would notice one', () => {
    const [lock, , , , , set] = FORBIDDEN;
    expect(lock[0].test("manager.query('SELECT pg_try_advisory_lock(hashtext($1))')")).toBe(true);
    expect(lock[0].test("manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1))')")).toBe(false);
    expect(set[0].test("client.query('SET search_path = auth')")).toBe(true);
    expect(set[0].test("client.query('SET LOCAL statement_timeout = 100')")).toBe(false);
  });
});
