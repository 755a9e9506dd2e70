import { aResource, aRoom, at, between } from '../testing/resource-calendar.factory';
import { checkWindow } from './check-window';
import { conflicts } from './conflicts.rule';
import { notInTimeOff } from './not-in-time-off.rule';
import { withinWorkingHours } from './within-working-hours.rule';

// 2024-03-04 is a Monday; the default resource works Monday–Friday 09:00–17:00 UTC.
describe(withinWorkingHours.name, () => {
  const sut = withinWorkingHours;

  it('accepts a window inside the hours, edges included', () => {
    expect(sut(aResource(), between('2024-03-04T09:00Z', '2024-03-04T17:00Z'))).toEqual([]);
  });

  it.each([
    ['starting too early', at('2024-03-04T08:45Z', 60)],
    ['running past closing', at('2024-03-04T16:30Z', 60)],
    ['on a Saturday', at('2024-03-09T10:00Z', 60)],
    ['across a lunch break', at('2024-03-04T11:30Z', 60)],
  ])('refuses a window %s with BR_OUTSIDE_WORKING_HOURS and the resource id', (_, window) => {
    const resource = aResource({
      id: 'p-42',
      weekly_hours: {
        1: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
        5: [{ start: '09:00', end: '17:00' }],
      },
    });
    expect(sut(resource, window)).toEqual([
      expect.objectContaining({
        code: 'BR_OUTSIDE_WORKING_HOURS',
        resource_id: 'p-42',
        resource_kind: 'practitioner',
      }),
    ]);
  });

  it('accepts a window over midnight when the hours run through it', () => {
    const nightShift = aResource({
      weekly_hours: { 1: [{ start: '20:00', end: '24:00' }], 2: [{ start: '00:00', end: '04:00' }] },
    });
    expect(sut(nightShift, at('2024-03-04T23:00Z', 120))).toEqual([]);
  });

  it('judges the hours in the resource zone', () => {
    const sydney = aResource({ time_zone: 'Australia/Sydney' });
    // Monday 09:00 in Sydney (AEDT, +11) is Sunday 22:00 UTC.
    expect(sut(sydney, at('2024-03-03T22:00Z', 60))).toEqual([]);
    expect(sut(sydney, at('2024-03-04T09:00Z', 60))).toHaveLength(1);
  });
});

describe(notInTimeOff.name, () => {
  const sut = notInTimeOff;
  const resource = aResource({
    time_off: [
      between('2024-03-04T12:00Z', '2024-03-04T13:00Z'),
      between('2024-03-05T00:00Z', '2024-03-06T00:00Z'),
    ],
  });

  it('accepts windows that only touch the time off', () => {
    expect(sut(resource, between('2024-03-04T11:00Z', '2024-03-04T12:00Z'))).toEqual([]);
    expect(sut(resource, between('2024-03-04T13:00Z', '2024-03-04T14:00Z'))).toEqual([]);
  });

  it('names each time off the window runs into', () => {
    const violations = sut(resource, between('2024-03-04T12:30Z', '2024-03-05T10:00Z'));
    expect(violations.map((v) => [v.code, v.clashing?.start.toISOString()])).toEqual([
      ['BR_RESOURCE_TIME_OFF', '2024-03-04T12:00:00.000Z'],
      ['BR_RESOURCE_TIME_OFF', '2024-03-05T00:00:00.000Z'],
    ]);
  });
});

describe(conflicts.name, () => {
  const sut = conflicts;
  const booked = at('2024-03-04T10:00Z', 60);

  it.each([
    ['practitioner', 'CF_PRACTITIONER_BUSY'],
    ['room', 'CF_ROOM_BUSY'],
    ['equipment', 'CF_RESOURCE_BUSY'],
  ] as const)('reports a clash of a %s as %s with the clashing booking', (kind, code) => {
    const resource = aResource({ id: `${kind}-1`, kind, bookings: [booked] });
    expect(sut(resource, at('2024-03-04T10:30Z', 60))).toEqual([
      expect.objectContaining({ code, resource_id: `${kind}-1`, resource_kind: kind, clashing: booked }),
    ]);
  });

  it('lets back-to-back bookings through when there are no buffers', () => {
    const resource = aResource({ bookings: [booked] });
    expect(sut(resource, at('2024-03-04T11:00Z', 60))).toEqual([]);
    expect(sut(resource, at('2024-03-04T09:00Z', 60))).toEqual([]);
  });

  it('keeps after + before minutes between two bookings when both are buffered', () => {
    const resource = aResource({ buffers: { before_minutes: 10, after_minutes: 15 }, bookings: [booked] });
    // booked 10:00–11:00 ⇒ the next may start at 11:00 + 15 + 10 = 11:25, the previous end at 09:35.
    expect(sut(resource, at('2024-03-04T11:24Z', 30))).toHaveLength(1);
    expect(sut(resource, at('2024-03-04T11:25Z', 30))).toEqual([]);
    expect(sut(resource, between('2024-03-04T09:00Z', '2024-03-04T09:36Z'))).toHaveLength(1);
    expect(sut(resource, between('2024-03-04T09:00Z', '2024-03-04T09:35Z'))).toEqual([]);
  });

  it('lists every clashing booking in time order', () => {
    const resource = aResource({ bookings: [at('2024-03-04T14:00Z', 30), at('2024-03-04T12:00Z', 30)] });
    const clashes = sut(resource, between('2024-03-04T11:00Z', '2024-03-04T16:00Z'));
    expect(clashes.map((c) => c.clashing?.start.toISOString())).toEqual([
      '2024-03-04T12:00:00.000Z',
      '2024-03-04T14:00:00.000Z',
    ]);
  });
});

describe(checkWindow.name, () => {
  const sut = checkWindow;

  it('checks every resource of the booking and reports all problems, in resource order', () => {
    const practitioner = aResource({ bookings: [at('2024-03-04T10:00Z', 60)] });
    const room = aRoom({ time_off: [between('2024-03-04T00:00Z', '2024-03-05T00:00Z')] });
    const violations = sut([practitioner, room], at('2024-03-04T10:00Z', 30));
    expect(violations.map((v) => [v.resource_id, v.code])).toEqual([
      ['practitioner-1', 'CF_PRACTITIONER_BUSY'],
      ['room-1', 'BR_RESOURCE_TIME_OFF'],
    ]);
  });

  it('refuses a window that starts before now', () => {
    const violations = sut([aResource()], at('2024-03-04T10:00Z', 30), new Date('2024-03-04T10:05Z'));
    expect(violations).toEqual([expect.objectContaining({ code: 'BR_WINDOW_IN_PAST', resource_id: null })]);
  });

  it('throws on a window that ends before it starts', () => {
    expect(() => sut([aResource()], between('2024-03-04T10:00Z', '2024-03-04T09:00Z'))).toThrow(
      expect.objectContaining({ code: 'VAL_FAILED' }),
    );
  });
});
