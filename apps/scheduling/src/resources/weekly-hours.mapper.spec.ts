import { assertValidSchedule, normaliseHours, toDomainHours } from './weekly-hours.mapper';

describe('weekly hours on the wire', () => {
  it('maps weekday names to ISO weekdays and drops closed days', () => {
    const sut = toDomainHours({
      monday: [{ start: '09:00', end: '17:00' }],
      sunday: [],
      friday: [{ start: '22:00', end: '24:00' }],
    });

    expect(sut).toEqual({ 1: [{ start: '09:00', end: '17:00' }], 5: [{ start: '22:00', end: '24:00' }] });
  });

  it('normalises to weekday order whatever order the keys came in', () => {
    const sut = normaliseHours({
      sunday: [{ start: '10:00', end: '12:00' }],
      monday: [{ start: '09:00', end: '10:00' }],
    });

    expect(Object.keys(sut)).toEqual(['monday', 'sunday']);
  });

  it('names the day of a range that runs backwards', () => {
    expect(() => assertValidSchedule('UTC', { tuesday: [{ start: '17:00', end: '09:00' }] })).toThrow(
      expect.objectContaining({
        code: 'VAL_FAILED',
        errors: [expect.objectContaining({ field: 'weekly_hours.tuesday' })],
      }),
    );
  });

  it('refuses a zone that is not IANA', () => {
    expect(() => assertValidSchedule('EST5EDT-ish', {})).toThrow(
      expect.objectContaining({ code: 'BR_INVALID_TIME_ZONE' }),
    );
  });
});
