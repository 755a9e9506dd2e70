import { InvalidSchedulingInputError, InvalidTimeZoneError } from '../errors/scheduling-domain.errors';
import { between, hoursOf, isoPairs, weekdays } from '../testing/resource-calendar.factory';
import { expandWorkingHours } from './weekly-hours';

describe(expandWorkingHours.name, () => {
  const sut = expandWorkingHours;
  // 2024-03-04 is a Monday.
  const week = between('2024-03-04T00:00Z', '2024-03-11T00:00Z');

  it('expands each listed weekday and leaves the others closed', () => {
    const hours = sut(weekdays({ start: '09:00', end: '17:00' }), 'UTC', week);
    expect(hours).toHaveLength(5);
    expect(isoPairs(hours)[0]).toEqual(['2024-03-04T09:00:00.000Z', '2024-03-04T17:00:00.000Z']);
    expect(isoPairs(hours)[4]).toEqual(['2024-03-08T09:00:00.000Z', '2024-03-08T17:00:00.000Z']);
  });

  it('keeps split days split and clips to the range', () => {
    const hours = sut(
      {
        1: [
          { start: '13:00', end: '17:00' },
          { start: '08:00', end: '12:00' },
        ],
      },
      'UTC',
      between('2024-03-04T10:00Z', '2024-03-04T23:00Z'),
    );
    expect(isoPairs(hours)).toEqual([
      ['2024-03-04T10:00:00.000Z', '2024-03-04T12:00:00.000Z'],
      ['2024-03-04T13:00:00.000Z', '2024-03-04T17:00:00.000Z'],
    ]);
  });

  it('joins 22:00–24:00 and the next day 00:00–02:00 into one overnight stretch', () => {
    const hours = sut(
      { 1: [{ start: '22:00', end: '24:00' }], 2: [{ start: '00:00', end: '02:00' }] },
      'Europe/Berlin',
      week,
    );
    expect(isoPairs(hours)).toEqual([['2024-03-04T21:00:00.000Z', '2024-03-05T01:00:00.000Z']]);
  });

  it('expands in the resource zone, including days that start before the range in UTC', () => {
    const hours = sut({ 1: [{ start: '09:00', end: '17:00' }] }, 'Asia/Kolkata', week);
    expect(isoPairs(hours)).toEqual([['2024-03-04T03:30:00.000Z', '2024-03-04T11:30:00.000Z']]);
    expect(hoursOf(hours)).toEqual([8]);
  });

  it('rejects a zone that is not IANA with BR_INVALID_TIME_ZONE', () => {
    expect(() => sut(weekdays({ start: '09:00', end: '17:00' }), 'Mars/Olympus', week)).toThrow(
      InvalidTimeZoneError,
    );
    expect(() => sut({}, '+05:00', week)).toThrow(expect.objectContaining({ code: 'BR_INVALID_TIME_ZONE' }));
  });

  it.each([
    [{ start: '9:00', end: '17:00' }],
    [{ start: '09:00', end: '24:30' }],
    [{ start: '17:00', end: '09:00' }],
    [{ start: '24:00', end: '24:00' }],
  ])('rejects the malformed range %j', (range) => {
    expect(() => sut({ 1: [range] }, 'UTC', week)).toThrow(InvalidSchedulingInputError);
  });
});
