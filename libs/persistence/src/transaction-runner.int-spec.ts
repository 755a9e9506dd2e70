import { AppError } from '@slotline/errors';
import { runWithDeadline } from '@slotline/observability';
import { SUPERUSER_TEST_URL } from '@slotline/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source.factory';
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
