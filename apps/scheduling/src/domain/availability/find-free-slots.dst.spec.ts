import { aResource, at, between } from '../testing/resource-calendar.factory';
import { explainSlot } from './explain-slot';
import { findFreeSlots } from './find-free-slots';

/** Hourly slots through each transition night, for a practitioner working Sunday 00:00–04:00 local. */
const NIGHTS = [
  {
    zone: 'America/New_York',
    day: '2024-03-10',
    starts: ['00:00:00-05:00', '01:00:00-05:00', '03:00:00-04:00'],
    ends: ['01:00:00-05:00', '03:00:00-04:00', '04:00:00-04:00'],
    firstUtc: '2024-03-10T05:00:00.000Z',
  },
  {
    zone: 'America/New_York',
    day: '2024-11-03',
    starts: ['00:00:00-04:00', '01:00:00-04:00', '01:00:00-05:00', '02:00:00-05:00', '03:00:00-05:00'],
    ends: ['01:00:00-04:00', '01:00:00-05:00', '02:00:00-05:00', '03:00:00-05:00', '04:00:00-05:00'],
    firstUtc: '2024-11-03T04:00:00.000Z',
  },
  {
    zone: 'Europe/London',
    day: '2024-03-31',
    starts: ['00:00:00+00:00', '02:00:00+01:00', '03:00:00+01:00'],
    ends: ['02:00:00+01:00', '03:00:00+01:00', '04:00:00+01:00'],
    firstUtc: '2024-03-31T00:00:00.000Z',
  },
  {
    zone: 'Europe/London',
    day: '2024-10-27',
    starts: ['00:00:00+01:00', '01:00:00+01:00', '01:00:00+00:00', '02:00:00+00:00', '03:00:00+00:00'],
    ends: ['01:00:00+01:00', '01:00:00+00:00', '02:00:00+00:00', '03:00:00+00:00', '04:00:00+00:00'],
    firstUtc: '2024-10-26T23:00:00.000Z',
  },
  {
    zone: 'Australia/Sydney',
    day: '2024-10-06',
    starts: ['00:00:00+10:00', '01:00:00+10:00', '03:00:00+11:00'],
    ends: ['01:00:00+10:00', '03:00:00+11:00', '04:00:00+11:00'],
    firstUtc: '2024-10-05T14:00:00.000Z',
  },
  {
    zone: 'Australia/Sydney',
    day: '2024-04-07',
    starts: ['00:00:00+11:00', '01:00:00+11:00', '02:00:00+11:00', '02:00:00+10:00', '03:00:00+10:00'],
    ends: ['01:00:00+11:00', '02:00:00+11:00', '02:00:00+10:00', '03:00:00+10:00', '04:00:00+10:00'],
    firstUtc: '2024-04-06T13:00:00.000Z',
  },
  {
    zone: 'Asia/Kolkata',
    day: '2024-03-10',
    starts: ['00:00:00+05:30', '01:00:00+05:30', '02:00:00+05:30', '03:00:00+05:30'],
    ends: ['01:00:00+05:30', '02:00:00+05:30', '03:00:00+05:30', '04:00:00+05:30'],
    firstUtc: '2024-03-09T18:30:00.000Z',
  },
];

describe(`${findFreeSlots.name} across DST transitions`, () => {
  const sut = findFreeSlots;
  const aroundDay = (day: string) => {
    const noon = new Date(`${day}T12:00:00Z`).getTime();
    return { start: new Date(noon - 86_400_000), end: new Date(noon + 86_400_000) };
  };

  it.each(NIGHTS)('gives real instants and the right offsets in $zone on $day', (night) => {
    const practitioner = aResource({
      time_zone: night.zone,
      weekly_hours: { 7: [{ start: '00:00', end: '04:00' }] },
    });
    const slots = sut({
      resources: [practitioner],
      range: aroundDay(night.day),
      durationMinutes: 60,
      stepMinutes: 60,
      outputTimeZone: night.zone,
    });
    expect(slots.map((s) => s.start)).toEqual(night.starts.map((t) => `${night.day}T${t}`));
    expect(slots.map((s) => s.end)).toEqual(night.ends.map((t) => `${night.day}T${t}`));
    expect(new Date(slots[0].start).toISOString()).toBe(night.firstUtc);
    const starts = slots.map((s) => new Date(s.start).getTime());
    expect(starts.every((t, i) => i === 0 || t - starts[i - 1] === 3_600_000)).toBe(true);
  });

  it('keeps the quarter-hour grid on the far side of a gap', () => {
    const practitioner = aResource({
      time_zone: 'America/New_York',
      weekly_hours: { 7: [{ start: '01:00', end: '04:00' }] },
    });
    const slots = sut({
      resources: [practitioner],
      range: aroundDay('2024-03-10'),
      durationMinutes: 30,
      outputTimeZone: 'America/New_York',
    });
    expect(slots.map((s) => s.start.slice(11))).toEqual([
      '01:00:00-05:00',
      '01:15:00-05:00',
      '01:30:00-05:00',
      '01:45:00-05:00',
      '03:00:00-04:00',
      '03:15:00-04:00',
      '03:30:00-04:00',
    ]);
  });

  it('writes slots in the caller zone whatever the practitioner zone', () => {
    const practitioner = aResource({
      time_zone: 'Europe/London',
      weekly_hours: { 7: [{ start: '00:00', end: '03:00' }] },
    });
    const slots = sut({
      resources: [practitioner],
      range: between('2024-03-30T12:00Z', '2024-04-01T00:00Z'),
      durationMinutes: 60,
      stepMinutes: 60,
      outputTimeZone: 'Australia/Sydney',
    });
    expect(slots).toEqual([
      { resource_id: practitioner.id, start: '2024-03-31T11:00:00+11:00', end: '2024-03-31T12:00:00+11:00' },
      { resource_id: practitioner.id, start: '2024-03-31T12:00:00+11:00', end: '2024-03-31T13:00:00+11:00' },
    ]);
  });
});

describe(`${findFreeSlots.name} and explainSlot across DST nights`, () => {
  it.each([
    { zone: 'America/New_York', day: '2024-11-03', booked: '2024-11-03T05:40Z' },
    { zone: 'Australia/Sydney', day: '2024-10-06', booked: '2024-10-05T15:40Z' },
    { zone: 'Europe/London', day: '2024-03-31', booked: '2024-03-31T00:40Z' },
  ])('agree on every quarter hour of the night in $zone on $day', ({ zone, day, booked }) => {
    const practitioner = aResource({
      time_zone: zone,
      weekly_hours: { 6: [{ start: '20:00', end: '24:00' }], 7: [{ start: '00:00', end: '06:00' }] },
      buffers: { before_minutes: 10, after_minutes: 5 },
      bookings: [at(booked, 40)],
    });
    const noon = Date.parse(`${day}T12:00Z`);
    const range = { start: new Date(noon - 36 * 3_600_000), end: new Date(noon + 12 * 3_600_000) };
    const slots = findFreeSlots({
      resources: [practitioner],
      range,
      durationMinutes: 45,
      outputTimeZone: 'UTC',
    });
    const offered = new Set(slots.map((s) => Date.parse(s.start)));
    expect(offered.size).toBeGreaterThan(10);
    for (let t = range.start.getTime(); t + 45 * 60_000 <= range.end.getTime(); t += 15 * 60_000) {
      const window = at(new Date(t).toISOString(), 45);
      expect([window.start, explainSlot({ resources: [practitioner], window }).available]).toEqual([
        window.start,
        offered.has(t),
      ]);
    }
  });
});
