import { aResource, aRoom, at } from '../testing/resource-calendar.factory';
import type { ResourceCalendar } from '../resources/resource-calendar';
import { planChunk } from './plan-chunk';

const calendarsOf = (...calendars: ResourceCalendar[]) => new Map(calendars.map((c) => [c.id, c]));

// 2024-03-04 is a Monday; resources work Monday–Friday 09:00–17:00 UTC unless told otherwise.
describe(planChunk.name, () => {
  const sut = planChunk;
  const practitioner = aResource();

  it('is feasible when every request fits, one after another', () => {
    const plan = sut(
      [
        { window: at('2024-03-04T09:00Z', 60), resourceIds: ['practitioner-1'] },
        { window: at('2024-03-04T10:00Z', 60), resourceIds: ['practitioner-1'] },
      ],
      calendarsOf(practitioner),
    );
    expect(plan).toEqual({ feasible: true });
  });

  it('counts the windows earlier requests of the chunk take, with the resource buffers', () => {
    const buffered = aResource({ buffers: { before_minutes: 0, after_minutes: 15 } });
    const plan = sut(
      [
        { window: at('2024-03-04T09:00Z', 60), resourceIds: ['practitioner-1'] },
        { window: at('2024-03-04T10:00Z', 60), resourceIds: ['practitioner-1'] },
      ],
      calendarsOf(buffered),
    );
    expect(plan).toEqual({
      feasible: false,
      index: 1,
      violations: [
        expect.objectContaining({ code: 'CF_PRACTITIONER_BUSY', clashing: at('2024-03-04T09:00Z', 60) }),
      ],
    });
  });

  it('holds all or none per request: a room taken by an earlier request refuses the later one', () => {
    const other = aResource({ id: 'practitioner-2' });
    const plan = sut(
      [
        { window: at('2024-03-04T11:00Z', 60), resourceIds: ['practitioner-1', 'room-1'] },
        { window: at('2024-03-04T11:30Z', 60), resourceIds: ['practitioner-2', 'room-1'] },
      ],
      calendarsOf(practitioner, other, aRoom()),
    );
    expect(plan).toMatchObject({ feasible: false, index: 1, violations: [{ code: 'CF_ROOM_BUSY' }] });
  });

  it('applies the single booking rules: existing bookings, time off, working hours, the past', () => {
    const busy = aResource({
      bookings: [at('2024-03-04T09:00Z', 60)],
      time_off: [at('2024-03-05T09:00Z', 480)],
    });
    const one = (iso: string, now?: Date) =>
      sut([{ window: at(iso, 60), resourceIds: ['practitioner-1'] }], calendarsOf(busy), now);
    expect(one('2024-03-04T09:30Z')).toMatchObject({ violations: [{ code: 'CF_PRACTITIONER_BUSY' }] });
    expect(one('2024-03-05T10:00Z')).toMatchObject({ violations: [{ code: 'BR_RESOURCE_TIME_OFF' }] });
    expect(one('2024-03-04T16:30Z')).toMatchObject({ violations: [{ code: 'BR_OUTSIDE_WORKING_HOURS' }] });
    expect(one('2024-03-06T10:00Z', new Date('2024-03-07T00:00Z'))).toMatchObject({
      violations: [{ code: 'BR_WINDOW_IN_PAST' }],
    });
  });

  it('follows the resource zone across a DST change (London, 2024-03-31)', () => {
    const london = aResource({
      time_zone: 'Europe/London',
      weekly_hours: { 7: [{ start: '09:00', end: '17:00' }] },
    });
    // 09:00 in London is 08:00Z on 31 March (BST); 08:00Z the Sunday before is also 08:00 local (GMT).
    const plan = (iso: string) =>
      sut([{ window: at(iso, 60), resourceIds: ['practitioner-1'] }], calendarsOf(london));
    expect(plan('2024-03-31T08:00Z')).toEqual({ feasible: true });
    expect(plan('2024-03-24T08:00Z')).toMatchObject({ violations: [{ code: 'BR_OUTSIDE_WORKING_HOURS' }] });
  });

  it('leaves the calendars it was given unchanged', () => {
    sut(
      [{ window: at('2024-03-04T09:00Z', 60), resourceIds: ['practitioner-1'] }],
      calendarsOf(practitioner),
    );
    expect(practitioner.bookings).toEqual([]);
  });
});
