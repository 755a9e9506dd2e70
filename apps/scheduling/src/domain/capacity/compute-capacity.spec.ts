import { aResource, aRoom, at, between } from '../testing/resource-calendar.factory';
import { computeCapacity } from './compute-capacity';

// 2024-03-04 is a Monday; the default resource works Monday–Friday 09:00–17:00 UTC.
describe(computeCapacity.name, () => {
  const sut = computeCapacity;
  const week = between('2024-03-04T00:00Z', '2024-03-11T00:00Z');
  const monday = between('2024-03-04T00:00Z', '2024-03-05T00:00Z');

  it('by resource: working minutes less time off, booked minutes, utilisation to 4 decimals', () => {
    const practitioner = aResource({
      time_off: [between('2024-03-04T15:00Z', '2024-03-04T18:00Z')],
      bookings: [at('2024-03-04T09:00Z', 60), at('2024-03-05T09:00Z', 60), at('2024-03-06T09:00Z', 60)],
    });
    const room = aRoom();
    expect(sut({ resources: [practitioner, room], range: week, groupBy: 'resource' })).toEqual([
      { key: 'practitioner-1', available_minutes: 2280, booked_minutes: 180, utilisation: 0.0789 },
      { key: 'room-1', available_minutes: 2400, booked_minutes: 0, utilisation: 0 },
    ]);
  });

  it('counts only the part of a booking inside the range', () => {
    const practitioner = aResource({
      bookings: [at('2024-03-04T23:30Z', 60)],
      weekly_hours: { 1: [{ start: '00:00', end: '24:00' }] },
    });
    expect(sut({ resources: [practitioner], range: monday, groupBy: 'resource' })).toEqual([
      { key: 'practitioner-1', available_minutes: 1440, booked_minutes: 30, utilisation: 0.0208 },
    ]);
  });

  it('by daypart: morning 06–12, afternoon 12–17, evening 17–22, splitting bookings at the edges', () => {
    const practitioner = aResource({
      weekly_hours: { 1: [{ start: '05:00', end: '23:00' }] },
      bookings: [
        at('2024-03-04T10:00Z', 60),
        at('2024-03-04T11:30Z', 60),
        at('2024-03-04T18:00Z', 60),
        at('2024-03-04T05:00Z', 60),
      ],
    });
    expect(sut({ resources: [practitioner], range: monday, groupBy: 'daypart' })).toEqual([
      { key: 'morning', available_minutes: 360, booked_minutes: 90, utilisation: 0.25 },
      { key: 'afternoon', available_minutes: 300, booked_minutes: 30, utilisation: 0.1 },
      { key: 'evening', available_minutes: 300, booked_minutes: 60, utilisation: 0.2 },
    ]);
  });

  it('places dayparts in each resource’s own local time', () => {
    const london = aResource({
      id: 'london',
      time_zone: 'Europe/London',
      weekly_hours: { 1: [{ start: '06:00', end: '12:00' }] },
    });
    const sydney = aResource({
      id: 'sydney',
      time_zone: 'Australia/Sydney',
      weekly_hours: { 1: [{ start: '06:00', end: '12:00' }] },
      // Monday 06:00–07:00 in Sydney (AEDT, +11) is Sunday 19:00–20:00 UTC.
      bookings: [at('2024-03-03T19:00Z', 60)],
    });
    const rows = sut({
      resources: [london, sydney],
      range: between('2024-03-03T00:00Z', '2024-03-05T00:00Z'),
      groupBy: 'daypart',
    });
    expect(rows).toEqual([
      { key: 'morning', available_minutes: 720, booked_minutes: 60, utilisation: 0.0833 },
      { key: 'afternoon', available_minutes: 0, booked_minutes: 0, utilisation: 0 },
      { key: 'evening', available_minutes: 0, booked_minutes: 0, utilisation: 0 },
    ]);
  });

  it('measures real minutes on DST days: a 24-hour rule is 23 h in spring and 25 h in autumn', () => {
    const allDaySunday = (zone: string) =>
      aResource({ time_zone: zone, weekly_hours: { 7: [{ start: '00:00', end: '24:00' }] } });
    const springWeekend = between('2024-03-09T00:00Z', '2024-03-12T00:00Z');
    const [spring] = sut({
      resources: [allDaySunday('America/New_York')],
      range: springWeekend,
      groupBy: 'resource',
    });
    const autumnWeekend = between('2024-04-05T00:00Z', '2024-04-08T00:00Z');
    const [autumn] = sut({
      resources: [allDaySunday('Australia/Sydney')],
      range: autumnWeekend,
      groupBy: 'resource',
    });
    expect([spring.available_minutes, autumn.available_minutes]).toEqual([23 * 60, 25 * 60]);
    const dayparts = sut({
      resources: [allDaySunday('America/New_York')],
      range: springWeekend,
      groupBy: 'daypart',
    });
    expect(dayparts.map((row) => row.available_minutes)).toEqual([360, 300, 300]);
  });

  it('caps utilisation at 1 when bookings exceed the hours', () => {
    const overbooked = aResource({
      weekly_hours: { 1: [{ start: '09:00', end: '10:00' }] },
      bookings: [at('2024-03-04T09:00Z', 120)],
    });
    expect(sut({ resources: [overbooked], range: monday, groupBy: 'resource' })[0]).toEqual({
      key: 'practitioner-1',
      available_minutes: 60,
      booked_minutes: 120,
      utilisation: 1,
    });
  });
});
