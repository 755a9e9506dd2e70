import { aResource, aRoom, at, between, isoPairs } from '../testing/resource-calendar.factory';
import { planBooking } from './plan-booking';

// 2024-03-04 is a Monday; resources work Monday–Friday 09:00–17:00 UTC unless told otherwise.
describe(planBooking.name, () => {
  const sut = planBooking;

  it('is feasible when every resource is free, and offers nothing else', () => {
    const plan = sut({ window: at('2024-03-04T10:00Z', 60), resources: [aResource(), aRoom()] });
    expect(plan).toEqual({ feasible: true, violations: [], alternatives: [] });
  });

  it('holds all or none: a busy room makes the whole booking infeasible', () => {
    const room = aRoom({ bookings: [at('2024-03-04T10:30Z', 30)] });
    const plan = sut({ window: at('2024-03-04T10:00Z', 60), resources: [aResource(), room] });
    expect(plan.feasible).toBe(false);
    expect(plan.violations).toEqual([
      expect.objectContaining({
        code: 'CF_ROOM_BUSY',
        resource_id: 'room-1',
        clashing: at('2024-03-04T10:30Z', 30),
      }),
    ]);
  });

  it('reports every resource at fault, not just the first', () => {
    const equipment = aResource({ id: 'xray-1', kind: 'equipment', bookings: [at('2024-03-04T16:00Z', 60)] });
    const plan = sut({ window: at('2024-03-04T16:30Z', 60), resources: [aResource(), aRoom(), equipment] });
    expect(plan.violations.map((v) => [v.resource_id, v.code])).toEqual([
      ['practitioner-1', 'BR_OUTSIDE_WORKING_HOURS'],
      ['room-1', 'BR_OUTSIDE_WORKING_HOURS'],
      ['xray-1', 'BR_OUTSIDE_WORKING_HOURS'],
      ['xray-1', 'CF_RESOURCE_BUSY'],
    ]);
  });

  it('offers the next three non-overlapping windows free for every resource, on the quarter-hour grid', () => {
    const practitioner = aResource({
      bookings: [at('2024-03-04T10:00Z', 60)],
      buffers: { before_minutes: 5, after_minutes: 5 },
    });
    const room = aRoom({ bookings: [at('2024-03-04T12:00Z', 90)] });
    const plan = sut({ window: at('2024-03-04T10:00Z', 60), resources: [practitioner, room] });
    expect(plan.feasible).toBe(false);
    // Practitioner free from 11:10 (10 min of buffers); the room is busy 12:00–13:30.
    expect(isoPairs(plan.alternatives)).toEqual([
      ['2024-03-04T13:30:00.000Z', '2024-03-04T14:30:00.000Z'],
      ['2024-03-04T14:30:00.000Z', '2024-03-04T15:30:00.000Z'],
      ['2024-03-04T15:30:00.000Z', '2024-03-04T16:30:00.000Z'],
    ]);
  });

  it('rolls alternatives over to the next working days, skipping time off', () => {
    const practitioner = aResource({
      weekly_hours: {
        1: [{ start: '09:00', end: '10:00' }],
        3: [{ start: '09:00', end: '10:00' }],
        5: [{ start: '09:00', end: '10:00' }],
      },
      bookings: [at('2024-03-04T09:00Z', 60)],
      time_off: [between('2024-03-06T00:00Z', '2024-03-07T00:00Z')],
    });
    const plan = sut({ window: at('2024-03-04T09:00Z', 60), resources: [practitioner] });
    expect(plan.alternatives.map((a) => a.start.toISOString())).toEqual([
      '2024-03-08T09:00:00.000Z',
      '2024-03-11T09:00:00.000Z',
      '2024-03-13T09:00:00.000Z',
    ]);
  });

  it('looks no further than 14 days after the requested start', () => {
    const practitioner = aResource({
      weekly_hours: { 1: [{ start: '09:00', end: '10:00' }] },
      bookings: [at('2024-03-04T09:00Z', 60), at('2024-03-11T09:00Z', 60)],
    });
    const plan = sut({ window: at('2024-03-04T09:00Z', 60), resources: [practitioner] });
    expect(plan.alternatives.map((a) => a.start.toISOString())).toEqual(['2024-03-18T09:00:00.000Z']);
  });

  it('never offers a window before now', () => {
    const plan = sut({
      window: at('2024-03-04T09:00Z', 60),
      resources: [aResource()],
      now: new Date('2024-03-04T12:07Z'),
    });
    expect(plan.violations.map((v) => v.code)).toEqual(['BR_WINDOW_IN_PAST']);
    expect(plan.alternatives[0].start.toISOString()).toBe('2024-03-04T12:15:00.000Z');
  });

  it('offers alternatives on the local grid of the first resource', () => {
    const kolkata = aResource({ time_zone: 'Asia/Kolkata', bookings: [at('2024-03-04T03:30Z', 60)] });
    const plan = sut({
      window: at('2024-03-04T03:30Z', 60),
      resources: [kolkata],
      stepMinutes: 60,
      maxAlternatives: 1,
    });
    // 10:00 in Kolkata (+05:30).
    expect(plan.alternatives.map((a) => a.start.toISOString())).toEqual(['2024-03-04T04:30:00.000Z']);
  });
});
