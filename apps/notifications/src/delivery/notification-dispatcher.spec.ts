import { errorCodeOf, retryDelayMs } from './notification-dispatcher';

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
