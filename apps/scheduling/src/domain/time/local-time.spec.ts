import { InvalidSchedulingInputError, NonexistentLocalTimeError } from '../errors/scheduling-domain.errors';
import { hoursOf, isoPairs } from '../testing/resource-calendar.factory';
import { DST_CASES } from './dst-cases.fixture';
import { formatInstant, resolveLocalTime } from './local-time';
import { expandWorkingHours } from './weekly-hours';

const gaps = DST_CASES.filter((c) => c.kind === 'spring-forward');
const overlaps = DST_CASES.filter((c) => c.kind !== 'spring-forward');

describe(resolveLocalTime.name, () => {
  const sut = resolveLocalTime;

  it.each(gaps)(
    'refuses $local in $zone (skipped) with BR_NONEXISTENT_LOCAL_TIME',
    ({ local, zone, nextValid }) => {
      expect(() => sut(local, zone)).toThrow(NonexistentLocalTimeError);
      expect(() => sut(local, zone)).toThrow(
        expect.objectContaining({
          code: 'BR_NONEXISTENT_LOCAL_TIME',
          details: expect.objectContaining({ next_valid: nextValid }),
        }),
      );
    },
  );

  it.each(overlaps)(
    'resolves $local in $zone to the earlier occurrence by default, later on request',
    (c) => {
      const earlier = sut(c.local, c.zone);
      const later = sut(c.local, c.zone, { ambiguous: 'later' });
      expect(earlier.instant.toISOString()).toBe(c.earlier);
      expect(later.instant.toISOString()).toBe(c.later);
      expect(earlier.ambiguous).toBe(c.kind === 'fall-back');
    },
  );

  it('gives the offset in force at the resolved instant', () => {
    expect(sut('2024-11-03T01:30', 'America/New_York').offset).toBe('-04:00');
    expect(sut('2024-11-03T01:30', 'America/New_York', { ambiguous: 'later' }).offset).toBe('-05:00');
    expect(sut('2024-03-10T02:30', 'Asia/Kolkata').offset).toBe('+05:30');
  });

  it('resolves the readings right around a gap', () => {
    expect(sut('2024-03-10T01:59', 'America/New_York').instant.toISOString()).toBe(
      '2024-03-10T06:59:00.000Z',
    );
    expect(sut('2024-03-10T03:00', 'America/New_York').instant.toISOString()).toBe(
      '2024-03-10T07:00:00.000Z',
    );
  });

  it.each(['2024-02-30T10:00', '2024-03-10 10:00', '2024-03-10T24:00', 'tomorrow'])(
    'rejects malformed %s',
    (local) => {
      expect(() => sut(local, 'UTC')).toThrow(InvalidSchedulingInputError);
    },
  );

  it('rejects an unknown zone', () => {
    expect(() => sut('2024-03-10T10:00', 'Europe/Atlantis')).toThrow(
      expect.objectContaining({ code: 'BR_INVALID_TIME_ZONE' }),
    );
  });
});

describe(`${expandWorkingHours.name} on DST days`, () => {
  const sut = expandWorkingHours;
  const wideRange = (day: string) => {
    const mid = new Date(`${day}T00:00Z`).getTime();
    return { start: new Date(mid - 2 * 86_400_000), end: new Date(mid + 2 * 86_400_000) };
  };
  const sundayOnly = (start: string, end: string) => ({ 7: [{ start, end }] });

  it.each(DST_CASES)('00:00–08:00 in $zone on $day ($kind) lasts $nightHours real hours', (c) => {
    const hours = sut(sundayOnly('00:00', '08:00'), c.zone, wideRange(c.day));
    expect(isoPairs(hours)).toEqual([c.night]);
    expect(hoursOf(hours)).toEqual([c.nightHours]);
    expect(new Date(`${c.day}T12:00Z`).getUTCDay()).toBe(0); // the fixture days are Sundays
  });

  it.each(DST_CASES)('09:00–17:00 in $zone on $day stays 8 real hours (the transition is at night)', (c) => {
    expect(hoursOf(sut(sundayOnly('09:00', '17:00'), c.zone, wideRange(c.day)))).toEqual([8]);
  });

  it('starts a range whose start is skipped at the end of the gap', () => {
    const hours = sut(sundayOnly('02:30', '10:00'), 'America/New_York', wideRange('2024-03-10'));
    expect(isoPairs(hours)).toEqual([['2024-03-10T07:00:00.000Z', '2024-03-10T14:00:00.000Z']]);
  });

  it('drops a range that lies wholly inside the gap', () => {
    expect(sut(sundayOnly('02:00', '02:45'), 'America/New_York', wideRange('2024-03-10'))).toEqual([]);
  });

  it('reads ambiguous boundaries at their earlier occurrence, so adjacent ranges still meet', () => {
    const hours = sut(
      {
        7: [
          { start: '00:00', end: '01:30' },
          { start: '01:30', end: '03:00' },
        ],
      },
      'America/New_York',
      wideRange('2024-11-03'),
    );
    expect(isoPairs(hours)).toEqual([['2024-11-03T04:00:00.000Z', '2024-11-03T08:00:00.000Z']]);
  });
});

describe(formatInstant.name, () => {
  it('writes the offset in force at each side of a transition', () => {
    const sut = formatInstant;
    expect(sut(new Date('2024-11-03T05:30:00Z'), 'America/New_York')).toBe('2024-11-03T01:30:00-04:00');
    expect(sut(new Date('2024-11-03T06:30:00Z'), 'America/New_York')).toBe('2024-11-03T01:30:00-05:00');
    expect(sut(new Date('2024-04-06T16:30:00Z'), 'Australia/Sydney')).toBe('2024-04-07T02:30:00+10:00');
    expect(sut(new Date('2024-03-09T21:00:00Z'), 'Asia/Kolkata')).toBe('2024-03-10T02:30:00+05:30');
  });
});
