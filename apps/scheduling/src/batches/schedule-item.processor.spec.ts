import { CallMeta } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import type { EntityManager } from 'typeorm';
import { Interval } from '../domain';
import { at } from '../domain/testing/resource-calendar.factory';
import { ScheduleItemRecord } from './schedule-batch.record';
import {
  ItemNeedsSavepoint,
  ScheduleItemProcessor,
  ScheduleItemProcessorDeps,
} from './schedule-item.processor';

/** In-memory stand-ins: windows in `busy` are refused like the booking path refuses them. */
function fakes(opts: { busy?: Interval[]; alternatives?: Interval[]; lockError?: AppError } = {}) {
  const statements: string[] = [];
  const booked: Interval[] = [];
  const m = { query: async (sql: string) => void statements.push(sql) } as unknown as EntityManager;
  const locked = {
    job: { id: 'job-1', roomId: null, equipmentIds: [] },
    assignment: {
      id: 'a-1',
      practitionerId: 'p-1',
      status: 'awaiting_schedule',
      bookingId: null,
      durationMinutes: 60,
    },
  };
  const deps = {
    locks: {
      byAssignment: async () => {
        if (opts.lockError) throw opts.lockError;
        return locked;
      },
    },
    assigner: { assign: async () => locked },
    booker: {
      book: async (_m: unknown, _l: unknown, window: Interval) => {
        if (opts.busy?.some((b) => b.start.getTime() === window.start.getTime()))
          throw new AppError('CF_PRACTITIONER_BUSY', 'busy');
        booked.push(window);
        return { updated: locked.assignment, booking: { id: 'b-1', start: window.start, end: window.end } };
      },
    },
    scheduling: { plan: async () => ({ alternatives: opts.alternatives ?? [] }) },
  } as unknown as ScheduleItemProcessorDeps;
  return { sut: new ScheduleItemProcessor(deps), m, statements, booked };
}

function anItem(window: Interval, overrides: Partial<ScheduleItemRecord> = {}): ScheduleItemRecord {
  return {
    batchId: 'batch-1',
    position: 0,
    status: 'pending',
    assignmentId: 'a-1',
    jobId: null,
    practitionerId: null,
    requestedStart: window.start,
    requestedEnd: window.end,
    bookedStart: null,
    bookedEnd: null,
    bookingId: null,
    errorCode: null,
    errorMessage: null,
    attempts: 0,
    ...overrides,
  };
}

const meta: CallMeta = {
  actor: { user_id: 'admin-1', role: 'admin', session_id: 's', aal: 'aal2' },
  request_id: null,
  idempotency_key: null,
  traceparent: null,
};

describe(ScheduleItemProcessor.name, () => {
  const ten = at('2024-03-04T10:00Z', 60);
  const eleven = at('2024-03-04T11:00Z', 60);
  const twelve = at('2024-03-04T12:00Z', 60);

  it('books the requested window inside a savepoint it releases', async () => {
    const { sut, m, statements, booked } = fakes();
    expect(await sut.process(m, anItem(ten), 'fail', meta)).toMatchObject({ status: 'booked' });
    expect(booked).toEqual([ten]);
    expect(statements).toEqual(['SAVEPOINT schedule_item', 'RELEASE SAVEPOINT schedule_item']);
  });

  it('skip: a busy window is skipped with its code, rolled back to the savepoint', async () => {
    const { sut, m, statements } = fakes({ busy: [ten], alternatives: [eleven] });
    expect(await sut.process(m, anItem(ten), 'skip', meta)).toEqual({
      status: 'skipped',
      code: 'CF_PRACTITIONER_BUSY',
      message: 'busy',
      stop: false,
    });
    expect(statements).toEqual(['SAVEPOINT schedule_item', 'ROLLBACK TO SAVEPOINT schedule_item']);
  });

  it('fail: the first refusal stops the batch', async () => {
    const { sut, m } = fakes({ busy: [ten] });
    expect(await sut.process(m, anItem(ten), 'fail', meta)).toMatchObject({ status: 'skipped', stop: true });
  });

  it('next_available: books the first alternative that is still free', async () => {
    const { sut, m, booked } = fakes({ busy: [ten, eleven], alternatives: [eleven, twelve] });
    expect(await sut.process(m, anItem(ten), 'next_available', meta)).toMatchObject({ status: 'booked' });
    expect(booked).toEqual([twelve]);
  });

  it('next_available: skips the item once no alternative is left', async () => {
    const { sut, m } = fakes({ busy: [ten, eleven], alternatives: [eleven] });
    expect(await sut.process(m, anItem(ten), 'next_available', meta)).toMatchObject({
      status: 'skipped',
      code: 'CF_PRACTITIONER_BUSY',
    });
  });

  it('fails an item whose length is not the job duration, whatever the policy', async () => {
    const { sut, m } = fakes();
    const ninety = at('2024-03-04T10:00Z', 90);
    expect(await sut.process(m, anItem(ninety), 'next_available', meta)).toMatchObject({
      status: 'failed',
      code: 'BR_RULE_VIOLATED',
    });
  });

  it('fails an item naming an unknown assignment', async () => {
    const { sut, m } = fakes({ lockError: new AppError('NF_RESOURCE', 'No assignment with this id.') });
    expect(await sut.process(m, anItem(ten), 'skip', meta)).toMatchObject({
      status: 'failed',
      code: 'NF_RESOURCE',
    });
  });

  it('unguarded: books without a savepoint', async () => {
    const { sut, m, statements, booked } = fakes();
    expect(await sut.process(m, anItem(ten), 'skip', meta, false)).toMatchObject({ status: 'booked' });
    expect(booked).toEqual([ten]);
    expect(statements).toEqual([]);
  });

  it('unguarded: a refusal asks for the transaction to be worked again with savepoints', async () => {
    const { sut, m, statements } = fakes({ busy: [ten], alternatives: [eleven] });
    const refused = sut.process(m, anItem(ten, { position: 7 }), 'next_available', meta, false);
    await expect(refused).rejects.toBeInstanceOf(ItemNeedsSavepoint);
    await expect(refused).rejects.toMatchObject({ position: 7 });
    expect(statements).toEqual([]);
  });

  it('unguarded: a deadlock still escapes as itself', async () => {
    const { sut, m } = fakes({ lockError: Object.assign(new Error('deadlock'), { code: '40P01' }) as never });
    await expect(sut.process(m, anItem(ten), 'skip', meta, false)).rejects.toThrow('deadlock');
  });

  it('lets a deadlock escape, so the whole chunk is retried', async () => {
    const { sut, m } = fakes({ lockError: Object.assign(new Error('deadlock'), { code: '40P01' }) as never });
    await expect(sut.process(m, anItem(ten), 'skip', meta)).rejects.toThrow('deadlock');
  });
});
