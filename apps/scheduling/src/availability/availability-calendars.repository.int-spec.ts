import { BookingsRepository } from '../booking/bookings.repository';
import { CalendarLoader } from '../booking/calendar-loader';
import { slotCalendarOf } from '../domain';
import { ResourcesRepository } from '../resources/resources.repository';
import { actor, futureMonday, metaOf, SchedulingTestContext } from '../testing/scheduling-test-context';
import { AvailabilityCalendarsRepository } from './availability-calendars.repository';

const HOUR_MS = 3_600_000;

/** Availability's one-statement read gives what blocks each resource as the booking path's read gives it. */
describe(AvailabilityCalendarsRepository.name, () => {
  const ctx = new SchedulingTestContext();
  let sut: AvailabilityCalendarsRepository;

  beforeAll(async () => {
    await ctx.setUp(4);
    sut = new AvailabilityCalendarsRepository(ctx.dataSource);
  });
  afterAll(() => ctx.tearDown());

  async function book(provider: ReturnType<typeof actor>, start: Date, roomId?: string) {
    const p = await ctx.proposedAssignment({ provider, customer: actor('customer'), start, roomId });
    await ctx.services.confirmSchedule.execute(
      { id: p.assignmentId, schedule_version: p.version },
      metaOf(provider),
    );
  }

  it('reads hours, buffers, time off and live bookings of practitioners and a room, as CalendarLoader does', async () => {
    const base = futureMonday(5);
    const range = {
      start: new Date(base.getTime() + 24 * HOUR_MS),
      end: new Date(base.getTime() + 72 * HOUR_MS),
    };
    const buffered = await ctx.practitioner({
      time_zone: 'Europe/Berlin',
      buffer_before_minutes: 10,
      buffer_after_minutes: 20,
    });
    const plain = await ctx.practitioner();
    const idle = await ctx.practitioner({
      weekly_hours: {
        monday: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
        ],
      },
    });
    const roomId = await ctx.room();
    // Inside the range, just before it (its buffers may reach in), and far outside it.
    await book(buffered.provider, new Date(base.getTime() + 30 * HOUR_MS), roomId);
    await book(buffered.provider, new Date(base.getTime() + 3 * HOUR_MS));
    await book(plain.provider, new Date(base.getTime() + 40 * HOUR_MS));
    await book(plain.provider, new Date(base.getTime() + 10 * 24 * HOUR_MS));
    await ctx.services.resources.addTimeOff(
      'practitioner',
      plain.id,
      {
        start: new Date(base.getTime() + 50 * HOUR_MS).toISOString(),
        end: new Date(base.getTime() + 53 * HOUR_MS).toISOString(),
      },
      metaOf(ctx.admin),
    );
    await ctx.services.resources.deactivate({ kind: 'practitioner', id: idle.id }, metaOf(ctx.admin));
    const ids = [buffered.id, plain.id, idle.id, roomId];

    const found = await sut.calendarsOf([...ids, '00000000-0000-7000-8000-000000000000'], range);

    const records = await new ResourcesRepository(ctx.dataSource).findByIds(ids);
    const expected = await new CalendarLoader(new BookingsRepository(ctx.dataSource), ctx.dataSource).load(
      records,
      range,
    );
    expect([...found.keys()].sort()).toEqual([...ids].sort());
    for (const [i, record] of records.entries()) {
      expect(found.get(record.id)).toEqual({
        kind: record.kind,
        active: record.active,
        calendar: slotCalendarOf(expected[i]),
      });
    }
    expect(found.get(idle.id)?.active).toBe(false);
    expect(expected.find((c) => c.id === buffered.id)?.bookings).toHaveLength(2);
    expect(expected.find((c) => c.id === roomId)?.bookings).toHaveLength(1);
    expect(expected.find((c) => c.id === plain.id)).toMatchObject({
      bookings: [expect.anything()],
      time_off: [expect.anything()],
    });
    // The buffered practitioner's two bookings, each widened by 10 + 20 minutes on both sides.
    expect(found.get(buffered.id)?.calendar.blocked).toHaveLength(4);
  }, 60_000);

  it('answers nothing for no ids', async () => {
    const now = new Date();
    expect(await sut.calendarsOf([], { start: now, end: now })).toEqual(new Map());
  });
});
