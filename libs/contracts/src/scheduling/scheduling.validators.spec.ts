import { isRealDateTime } from './scheduling.validators';

describe(isRealDateTime.name, () => {
  it.each([
    '2025-02-28T10:00Z',
    '2024-02-29T23:59:59+14:00',
    '2025-03-30T02:30',
    '2025-12-31T00:00:00.123-05:00',
  ])('accepts %s', (value) => expect(isRealDateTime(value)).toBe(true));

  it.each([
    '2025-02-30T10:00Z',
    '2025-04-31T10:00:00Z',
    '2025-13-01T10:00Z',
    '2025-02-28T24:00Z',
    '2025-02-28T10:60Z',
    '2025-02-28T10:00+15:00',
    '2023-02-29T10:00Z',
  ])('refuses %s (a date or time that does not exist)', (value) => expect(isRealDateTime(value)).toBe(false));
});
