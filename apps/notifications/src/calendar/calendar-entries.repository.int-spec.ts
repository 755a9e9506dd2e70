import { TransactionRunner } from '@slotline/persistence';
import { PrivateSchema } from '@slotline/testing';
import { randomUUID } from 'node:crypto';
import { notificationsPrivateSchema } from '../testing/notifications-private-schema';
import { CalendarEntriesRepository, CalendarEntry } from './calendar-entries.repository';

/** NTF-4's SEQUENCE rule as PostgreSQL applies it: the upsert that confirms a visit in one statement. */
describe(CalendarEntriesRepository.name, () => {
  let db: PrivateSchema;
  let schema: string;
  let tx: TransactionRunner;
  let sut: CalendarEntriesRepository;

  beforeAll(async () => {
    db = await notificationsPrivateSchema('cal_t');
    schema = db.schema;
    tx = new TransactionRunner(db.service);
    sut = new CalendarEntriesRepository(db.service, schema);
  });
  afterAll(() => db?.drop());

  const version = (assignmentId: string, scheduleVersion: number, hour: number) => ({
    assignmentId,
    scheduleVersion,
    start: new Date(`2031-02-03T${String(hour).padStart(2, '0')}:00:00.000Z`),
    end: new Date(`2031-02-03T${String(hour + 1).padStart(2, '0')}:00:00.000Z`),
    timeZone: 'Europe/Berlin',
    customerId: randomUUID(),
    providerUserId: randomUUID(),
  });

  it('stores a new visit at SEQUENCE 0 and moves it to each later version with SEQUENCE + 1', async () => {
    const id = randomUUID();
    const first = version(id, 2, 9);

    const stored = await tx.run((db) => sut.confirm(db, first));
    const moved = await tx.run((db) => sut.confirm(db, version(id, 4, 13)));

    expect(stored).toEqual<CalendarEntry>({ ...first, sequence: 0, status: 'confirmed' });
    expect(moved).toMatchObject({ sequence: 1, scheduleVersion: 4, status: 'confirmed' });
    // The parties stay those of the first confirmation.
    expect(await sut.find(id)).toEqual<CalendarEntry>({
      ...first,
      scheduleVersion: 4,
      start: new Date('2031-02-03T13:00:00.000Z'),
      end: new Date('2031-02-03T14:00:00.000Z'),
      sequence: 1,
      status: 'confirmed',
    });
  });

  it('leaves the entry as it is for a version no newer, and leaves it locked for the transaction', async () => {
    const id = randomUUID();
    await tx.run((db) => sut.confirm(db, version(id, 5, 9)));

    const [late, same, lockedMeanwhile] = await tx.run(async (db) => [
      await sut.confirm(db, version(id, 3, 15)),
      await sut.confirm(db, version(id, 5, 16)),
      await tx
        .run((other) =>
          other.query(`SELECT 1 FROM ${schema}.calendar_entries WHERE assignment_id = $1 FOR UPDATE NOWAIT`, [
            id,
          ]),
        )
        .then(
          () => false,
          () => true,
        ),
    ]);

    expect([late, same, lockedMeanwhile]).toEqual([null, null, true]);
    expect(await sut.find(id)).toMatchObject({ sequence: 0, scheduleVersion: 5 });
  });

  it('takes a cancelled visit confirmed again at a later version back to confirmed, SEQUENCE + 1', async () => {
    const id = randomUUID();
    const first = version(id, 1, 9);
    await tx.run((db) => sut.confirm(db, first));
    await tx.run((db) => sut.save(db, { ...first, sequence: 1, status: 'cancelled' }));

    const again = await tx.run((db) => sut.confirm(db, version(id, 3, 10)));

    expect(again).toMatchObject({ sequence: 2, scheduleVersion: 3, status: 'confirmed' });
  });
});
