import { localTime } from './time-format';

describe(localTime.name, () => {
  it('words an instant in the zone and language asked for, the same each time it is asked', () => {
    const at = new Date('2026-03-30T07:00:00Z');

    const berlin = localTime(at, 'Europe/Berlin', 'en');

    expect(berlin).toBe('Mon, Mar 30, 2026, 9:00 AM (UTC+02:00)');
    expect(localTime(at.toISOString(), 'Europe/Berlin', 'en')).toBe(berlin);
    expect(localTime(at, 'Europe/Berlin', 'en')).toBe(berlin);
    expect(localTime(at, 'America/New_York', 'en')).toBe('Mon, Mar 30, 2026, 3:00 AM (UTC-04:00)');
    expect(localTime(at, 'Europe/Berlin', 'de')).toBe('Mo., 30. März 2026, 09:00 (UTC+02:00)');
  });
});
