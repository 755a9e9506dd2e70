import { AppError } from '@slotline/errors';
import { SUPERUSER_TEST_URL } from '@slotline/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source.factory';
import { ConstraintErrorMap } from './db-errors';
import { TransactionRunner } from './transaction-runner';

const url = SUPERUSER_TEST_URL;

/** Each service's runner knows its own constraints; nothing is shared through a process-wide registry. */
describe(`${TransactionRunner.name} translating database errors`, () => {
  const tag = randomBytes(4).toString('hex');
  const table = `public.tx_errors_${tag}`;
  const constraint = `tx_errors_${tag}_slot_uq`;
  const roomBusy: ConstraintErrorMap = {
    [constraint]: () => new AppError('CF_ROOM_BUSY', 'The room was booked a moment ago.'),
  };
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = createDataSource({ url, schema: 'public', applicationName: 'tx-errors-test', poolSize: 2 });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE ${table} (slot int, CONSTRAINT ${constraint} UNIQUE (slot))`);
    await dataSource.query(`INSERT INTO ${table} VALUES (1)`);
  });

  afterAll(async () => {
    await dataSource.query(`DROP TABLE IF EXISTS ${table}`);
    await dataSource.destroy();
  });

  const insertTwice = (sut: TransactionRunner) =>
    sut.run((m) => m.query(`INSERT INTO ${table} VALUES (1)`)).catch((e: unknown) => e);

  it('gives a named constraint the meaning in the map this runner was handed', async () => {
    const sut = new TransactionRunner(dataSource, roomBusy);
    expect(await insertTwice(sut)).toMatchObject({ code: 'CF_ROOM_BUSY', status: 409 });
  });

  it("does not apply another runner's map: the same violation is a generic conflict elsewhere", async () => {
    const scheduling = new TransactionRunner(dataSource, roomBusy);
    const sut = new TransactionRunner(dataSource);
    expect(await insertTwice(scheduling)).toMatchObject({ code: 'CF_ROOM_BUSY' });
    expect(await insertTwice(sut)).toMatchObject({ code: 'CF_CONFLICT' });
  });

  it('translates the errors of a read outside a transaction too', async () => {
    const sut = new TransactionRunner(dataSource);
    const failing = sut.read((m) =>
      m.query(`DO $$ BEGIN RAISE EXCEPTION 'collided' USING ERRCODE = 'serialization_failure'; END $$`),
    );
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'SYS_UPSTREAM_UNAVAILABLE' });
  });

  it('answers a read with what the work returns', async () => {
    const sut = new TransactionRunner(dataSource);
    const rows = await sut.read((m) => m.query(`SELECT slot FROM ${table}`));
    expect(rows).toEqual([{ slot: 1 }]);
  });
});
