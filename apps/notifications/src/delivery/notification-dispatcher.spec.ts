import { errorCodeOf, failuresByCode, mayPassOff, retryDelayMs } from './notification-dispatcher';

describe(retryDelayMs.name, () => {
  it('doubles from the base, with jitter within the upper half, capped', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0.5)).toBe(3000);
    expect(retryDelayMs(20, 1000, 60_000, () => 1)).toBe(60_000);
  });
});

describe(errorCodeOf.name, () => {
  it("names a failed pass by the SQLSTATE or the Node error's code, never by its message", () => {
    expect(errorCodeOf(Object.assign(new Error('permission denied'), { code: '42501' }))).toBe('42501');
    expect(errorCodeOf({ message: 'x', driverError: { code: '57014' } })).toBe('57014');
    expect(errorCodeOf(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(errorCodeOf(new Error('postgres://user:secret@db/x'))).toBe('unknown');
    expect(errorCodeOf(null)).toBe('unknown');
  });
});

describe(failuresByCode.name, () => {
  it('keeps one entry per error code, in order of first appearance, with its count and first error', () => {
    const denied = Object.assign(new Error('permission denied'), { code: '42501' });
    const timeout = Object.assign(new Error('timeout'), { code: '57014' });
    const bare = new Error('boom');

    expect(failuresByCode([denied, timeout, { code: '42501' }, bare, denied])).toEqual([
      { errorCode: '42501', count: 3, first: denied },
      { errorCode: '57014', count: 1, first: timeout },
      { errorCode: 'unknown', count: 1, first: bare },
    ]);
  });
});

describe(mayPassOff.name, () => {
  it('tries again later after a deadlock, a lost connection or a lock; not after a permission or a constraint', () => {
    const sqlError = (code: string) => Object.assign(new Error('x'), { code });
    expect(
      ['40001', '40P01', '08006', '53300', '55P03', '57P01'].map((c) => mayPassOff(sqlError(c))),
    ).toEqual([true, true, true, true, true, true]);
    expect(mayPassOff(sqlError('ECONNRESET'))).toBe(true);
    expect(mayPassOff(new Error('socket hang up'))).toBe(true);
    expect(['42501', '23514', '22P02', '42P01'].map((c) => mayPassOff(sqlError(c)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
