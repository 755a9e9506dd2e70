import { instantOfLocal, quietHoursEnd } from './quiet-hours';

describe(quietHoursEnd.name, () => {
  const night = { start: '22:00', end: '07:00' };

  it('is null outside the quiet hours', () => {
    expect(quietHoursEnd(new Date('2026-06-10T10:00:00Z'), 'Europe/Berlin', night)).toBeNull();
  });

  it('defers to the end in the recipient zone, across midnight', () => {
    // 23:30 in Berlin (CEST, +02:00) → 07:00 next morning = 05:00Z.
    const end = quietHoursEnd(new Date('2026-06-10T21:30:00Z'), 'Europe/Berlin', night);
    expect(end?.toISOString()).toBe('2026-06-11T05:00:00.000Z');
  });

  it('counts the lost hour of a spring-forward night (the end is 07:00 at the new offset)', () => {
    // 23:00 CET on Sat 28 March 2026; clocks jump at 02:00 → 07:00 CEST = 05:00Z, not 06:00Z.
    const end = quietHoursEnd(new Date('2026-03-28T22:00:00Z'), 'Europe/Berlin', night);
    expect(end?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
  });

  it('counts the extra hour of a fall-back night (the end is 07:00 at the new offset)', () => {
    // 23:00 CEST on Sat 24 October 2026; clocks go back at 03:00 → 07:00 CET = 06:00Z.
    const end = quietHoursEnd(new Date('2026-10-24T21:00:00Z'), 'Europe/Berlin', night);
    expect(end?.toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  it('ends a quiet time that stops inside the DST gap where RFC 5545 says (offset before the gap)', () => {
    const end = quietHoursEnd(new Date('2026-03-28T23:30:00Z'), 'Europe/Berlin', {
      start: '00:00',
      end: '02:30',
    });
    expect(end?.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
  });

  it('ends a quiet time that stops inside the DST overlap at its first occurrence', () => {
    const end = quietHoursEnd(new Date('2026-10-24T22:30:00Z'), 'Europe/Berlin', {
      start: '00:00',
      end: '02:30',
    });
    expect(end?.toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST, the first time the clock reads it
  });

  it('treats equal start and end as no quiet hours', () => {
    expect(quietHoursEnd(new Date(), 'UTC', { start: '08:00', end: '08:00' })).toBeNull();
  });
});

describe(instantOfLocal.name, () => {
  it('reads an ordinary local time with its offset', () => {
    expect(instantOfLocal('America/New_York', { year: 2026, month: 7, day: 1 }, '09:00').toISOString()).toBe(
      '2026-07-01T13:00:00.000Z',
    );
  });
});
