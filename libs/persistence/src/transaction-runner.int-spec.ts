import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AppError } from '@slotline/errors';
import {
  initTracing,
  Metrics,
  runWithDeadline,
  type TracingHandle,
  withSpan,
  wrapQueryRunnerTiming,
} from '@slotline/observability';
import { SUPERUSER_TEST_URL, sampleValue } from '@slotline/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source.factory';
import { Transaction, whenCommitted } from './pg-connection';
import { TransactionRunner } from './transaction-runner';

const url = SUPERUSER_TEST_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A 504 must mean "nothing happened": work whose caller gave up never commits, however far it got. */
describe(`${TransactionRunner.name} under a caller's deadline`, () => {
  const table = `public.tx_deadline_${randomBytes(4).toString('hex')}`;
  let dataSource: DataSource;
  let sut: TransactionRunner;

  beforeAll(async () => {
    dataSource = createDataSource({
      url,
      schema: 'public',
      applicationName: 'tx-deadline-test',
      poolSize: 3,
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
    sut = new TransactionRunner(dataSource);
  });

  afterAll(async () => {
    await dataSource.query(`DROP TABLE IF EXISTS ${table}`);
    await dataSource.destroy();
  });

  const rows = async (id: number) =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE id = $1`, [id]))[0].n as number;

  it('commits work that ends before the deadline', async () => {
    await runWithDeadline(Date.now() + 5000, () =>
      sut.run((m) => m.query(`INSERT INTO ${table} VALUES (1)`)),
    );
    expect(await rows(1)).toBe(1);
  });

  it('rolls back work that outlives the deadline and answers SYS_UPSTREAM_TIMEOUT', async () => {
    const attempt = runWithDeadline(Date.now() + 150, () =>
      sut.run(async (m) => {
        await m.query(`INSERT INTO ${table} VALUES (2)`);
        await sleep(300);
      }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'SYS_UPSTREAM_TIMEOUT' });
    expect(await rows(2)).toBe(0);
  });

  it('stops waiting for a lock at the deadline instead of committing after it', async () => {
    await dataSource.query(`INSERT INTO ${table} VALUES (3)`);
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT id FROM ${table} WHERE id = 3 FOR UPDATE`);
    try {
      const attempt = runWithDeadline(Date.now() + 200, () =>
        sut.run(async (m) => {
          await m.query(`SELECT id FROM ${table} WHERE id = 3 FOR UPDATE`);
          await m.query(`INSERT INTO ${table} VALUES (4)`);
        }),
      );
      const error = await attempt.catch((e: AppError) => e);
      expect(error).toMatchObject({ code: 'SYS_UPSTREAM_TIMEOUT' });
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    await sleep(100);
    expect(await rows(4)).toBe(0);
  });

  it('does not start work whose deadline has already passed', async () => {
    let ran = false;
    const attempt = runWithDeadline(Date.now() - 1, () =>
      sut.run(async () => {
        ran = true;
      }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'SYS_UPSTREAM_TIMEOUT' });
    expect(ran).toBe(false);
  });

  it('runs without any bound outside a call with a deadline', async () => {
    await sut.run(async (m) => {
      await sleep(50);
      await m.query(`INSERT INTO ${table} VALUES (5)`);
    });
    expect(await rows(5)).toBe(1);
  });
});

/** Transactions run on the DataSource's pg pool, not through TypeORM: what callers and operators see is the same. */
describe(`${TransactionRunner.name} on the pg pool`, () => {
  const table = `public.tx_pool_${randomBytes(4).toString('hex')}`;
  const spans = new InMemorySpanExporter();
  let tracing: TracingHandle;
  let metrics: Metrics;
  let dataSource: DataSource;
  let sut: TransactionRunner;

  const rowsOf = async (id: number) =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE id = $1`, [id]))[0].n as number;
  const count = async (operation: string, outcome = 'ok') =>
    sampleValue((await metrics.render()).body, 'db_query_duration_seconds_count', { operation, outcome });

  beforeAll(async () => {
    tracing = initTracing({ serviceName: 'tx-pool-spec', spanProcessors: [new SimpleSpanProcessor(spans)] });
    metrics = new Metrics({ service: 'tx-pool-spec', collectDefault: false });
    dataSource = wrapQueryRunnerTiming(
      createDataSource({ url, schema: 'public', applicationName: 'tx-pool-test', poolSize: 2 }),
      metrics,
    );
    await dataSource.initialize();
    await dataSource.query(
      `CREATE TABLE ${table} (id int PRIMARY KEY, CONSTRAINT ${table.slice(7)}_positive CHECK (id > 0))`,
    );
    sut = new TransactionRunner(dataSource, {
      [`${table.slice(7)}_positive`]: () => new AppError('BR_RULE_VIOLATED', 'Ids are positive.'),
    });
  });

  afterAll(async () => {
    await dataSource.query(`DROP TABLE IF EXISTS ${table}`);
    await dataSource.destroy();
    await tracing.shutdown();
  });

  it('sends BEGIN and the deadline as one message, and times and traces every statement', async () => {
    const before = {
      begin: await count('begin'),
      insert: await count('insert'),
      other: await count('other'),
    };
    const commits = await count('commit');
    spans.reset();

    const timeout = await withSpan('request', () =>
      runWithDeadline(Date.now() + 5000, () =>
        sut.run(async (m) => {
          await m.query(`INSERT INTO ${table} VALUES (10)`);
          return m.query<Array<{ statement_timeout: string }>>('SHOW statement_timeout');
        }),
      ),
    );

    expect(timeout[0].statement_timeout).toMatch(/^\d+ms$|^[1-5]s$/);
    expect(await count('begin')).toBe(before.begin + 1);
    expect(await count('other')).toBe(before.other);
    expect(await count('insert')).toBe(before.insert + 1);
    expect(await count('commit')).toBe(commits + 1);
    expect(spans.getFinishedSpans().map((s) => s.name)).toEqual(
      expect.arrayContaining(['db.begin', 'db.insert', 'db.select', 'db.commit']),
    );
  });

  it('answers and fails as TypeORM does: [rows, count] for UPDATE, translated constraints, driver errors kept', async () => {
    const updated = await sut.run(async (m) => {
      await m.query(`INSERT INTO ${table} VALUES (20), (21)`);
      return m.query(`UPDATE ${table} SET id = id + 100 WHERE id IN (20, 21) RETURNING id`);
    });
    expect(updated).toEqual([[{ id: 120 }, { id: 121 }], 2]);

    await expect(sut.run((m) => m.query(`INSERT INTO ${table} VALUES (-1)`))).rejects.toMatchObject({
      code: 'BR_RULE_VIOLATED',
    });
    await expect(sut.read((db) => db.query('SELECT * FROM no_such_table_here'))).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '42P01' }),
    });
    expect(await count('select', 'error')).toBeGreaterThan(0);
  });

  it('rolls back on error and gives its client back clean; a connection kept past its transaction refuses to run', async () => {
    let kept: Transaction | undefined;
    await expect(
      sut.run(async (m) => {
        kept = m;
        await m.query(`INSERT INTO ${table} VALUES (30)`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');

    expect(kept!.inTransaction).toBe(true);
    await expect(kept!.query('SELECT 1')).rejects.toThrow(/released/);
    // Both pooled clients are usable and outside any transaction.
    const states = await Promise.all(
      [1, 2].map(() =>
        sut.run((m) =>
          m.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${table} WHERE id = 30`),
        ),
      ),
    );
    expect(states).toEqual([[{ n: 0 }], [{ n: 0 }]]);
  });

  it('runs what whenCommitted registered once COMMIT is done, and never for a transaction that rolled back', async () => {
    const seenAtCallback: Array<Promise<number>> = [];
    let callsBeforeCommit = -1;
    await sut.run(async (m) => {
      await m.query(`INSERT INTO ${table} VALUES (40)`);
      // Another connection reads in the callback: the row is there only if COMMIT is done.
      expect(whenCommitted(m, () => seenAtCallback.push(rowsOf(40)))).toBe(true);
      callsBeforeCommit = seenAtCallback.length;
    });
    expect(callsBeforeCommit).toBe(0);
    expect(seenAtCallback).toHaveLength(1);
    expect(await seenAtCallback[0]).toBe(1);

    let rolledBackCalls = 0;
    await expect(
      sut.run(async (m) => {
        await m.query(`INSERT INTO ${table} VALUES (41)`);
        whenCommitted(m, () => rolledBackCalls++);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(rolledBackCalls).toBe(0);
    expect(await rowsOf(41)).toBe(0);
  });

  it('registers nothing where the commit cannot be seen: outside a transaction, or in a TypeORM one', async () => {
    let calls = 0;
    expect(await sut.read(async (db) => whenCommitted(db, () => calls++))).toBe(false);
    expect(await dataSource.transaction(async (manager) => whenCommitted(manager, () => calls++))).toBe(
      false,
    );
    expect(calls).toBe(0);
  });
});
