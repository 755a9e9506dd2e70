import { aResource, aRoom, at, between } from '../testing/resource-calendar.factory';
import { explainSlot } from './explain-slot';
import { findFreeSlots } from './find-free-slots';

// 2024-03-04 is a Monday; resources work Monday–Friday 09:00–17:00 UTC unless told otherwise.
describe(findFreeSlots.name, () => {
  const sut = findFreeSlots;
  const monday = between('2024-03-04T00:00Z', '2024-03-05T00:00Z');
  const startsOf = (slots: Array<{ start: string }>) => slots.map((s) => s.start.slice(11, 16));

  it('lists every grid start whose window fits in the working hours', () => {
    const slots = sut({
      resources: [aResource()],
      range: monday,
      durationMinutes: 60,
      stepMinutes: 60,
      outputTimeZone: 'UTC',
    });
    expect(startsOf(slots)).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
    expect(slots[0]).toEqual({
      resource_id: 'practitioner-1',
      start: '2024-03-04T09:00:00+00:00',
      end: '2024-03-04T10:00:00+00:00',
    });
  });

  it('leaves out bookings with their buffers, time off and the hours outside the range', () => {
    const practitioner = aResource({
      bookings: [at('2024-03-04T10:00Z', 60)],
      buffers: { before_minutes: 15, after_minutes: 15 },
      time_off: [between('2024-03-04T13:00Z', '2024-03-04T15:00Z')],
    });
    const slots = sut({
      resources: [practitioner],
      range: between('2024-03-04T08:00Z', '2024-03-04T16:30Z'),
      durationMinutes: 30,
      stepMinutes: 30,
      outputTimeZone: 'UTC',
    });
    // Booked 10:00–11:00 with 15 + 15 min each side: nothing may end after 09:30 or start before 11:30.
    expect(startsOf(slots)).toEqual(['09:00', '11:30', '12:00', '12:30', '15:00', '15:30', '16:00']);
  });

  it('asks the room too, with the room’s own buffers', () => {
    const room = aRoom({
      bookings: [at('2024-03-04T12:00Z', 60)],
      buffers: { before_minutes: 0, after_minutes: 30 },
    });
    const slots = sut({
      resources: [aResource()],
      room,
      range: monday,
      durationMinutes: 60,
      stepMinutes: 60,
      outputTimeZone: 'UTC',
    });
    // 30 min after each room booking, its own and the new one's: 11:00–12:00 would leave no clean-up time.
    expect(startsOf(slots)).toEqual(['09:00', '10:00', '14:00', '15:00', '16:00']);
  });

  it('orders by start, then practitioner id, whatever the input order', () => {
    const b = aResource({ id: 'b', weekly_hours: { 1: [{ start: '09:00', end: '11:00' }] } });
    const a = aResource({ id: 'a', weekly_hours: { 1: [{ start: '10:00', end: '12:00' }] } });
    const slots = sut({
      resources: [b, a],
      range: monday,
      durationMinutes: 60,
      stepMinutes: 60,
      outputTimeZone: 'UTC',
    });
    expect(slots.map((s) => `${s.start.slice(11, 16)} ${s.resource_id}`)).toEqual([
      '09:00 b',
      '10:00 a',
      '10:00 b',
      '11:00 a',
    ]);
  });

  it('puts slot starts on the local clock of the practitioner (:00 in Kolkata is :30 in UTC)', () => {
    const slots = sut({
      resources: [aResource({ time_zone: 'Asia/Kolkata' })],
      range: monday,
      durationMinutes: 60,
      stepMinutes: 60,
      outputTimeZone: 'Asia/Kolkata',
    });
    expect(slots[0].start).toBe('2024-03-04T09:00:00+05:30');
    expect(slots).toHaveLength(8);
  });

  it('agrees with explainSlot on every window of a busy day', () => {
    const practitioner = aResource({
      weekly_hours: {
        1: [
          { start: '08:00', end: '12:00' },
          { start: '12:30', end: '18:00' },
        ],
      },
      bookings: [at('2024-03-04T09:10Z', 50), at('2024-03-04T14:00Z', 25)],
      buffers: { before_minutes: 10, after_minutes: 5 },
      time_off: [between('2024-03-04T16:00Z', '2024-03-04T16:40Z')],
    });
    const room = aRoom({
      weekly_hours: { 1: [{ start: '07:00', end: '17:30' }] },
      bookings: [at('2024-03-04T11:00Z', 30)],
    });
    const slots = sut({
      resources: [practitioner],
      room,
      range: monday,
      durationMinutes: 45,
      stepMinutes: 5,
      outputTimeZone: 'UTC',
    });
    const offered = new Set(slots.map((s) => new Date(s.start).getTime()));
    for (let t = Date.parse('2024-03-04T07:00Z'); t <= Date.parse('2024-03-04T18:00Z'); t += 5 * 60_000) {
      const { available } = explainSlot({
        resources: [practitioner, room],
        window: at(new Date(t).toISOString(), 45),
      });
      expect([new Date(t).toISOString(), offered.has(t)]).toEqual([new Date(t).toISOString(), available]);
    }
  });

  it('copes with 50 practitioners over 31 days by interval arithmetic', () => {
    const practitioners = Array.from({ length: 50 }, (_, i) =>
      aResource({
        id: `p-${String(i).padStart(2, '0')}`,
        time_zone: ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'][i % 4],
        buffers: { before_minutes: 5, after_minutes: 10 },
        bookings: Array.from({ length: 31 }, (_, d) =>
          at(new Date(Date.UTC(2024, 2, 1 + d, 12 + (i % 5))).toISOString(), 45),
        ),
      }),
    );
    const slots = sut({
      resources: practitioners,
      range: between('2024-03-01T00:00Z', '2024-04-01T00:00Z'),
      durationMinutes: 30,
      outputTimeZone: 'Europe/London',
    });
    expect(slots.length).toBeGreaterThan(50 * 20 * 20);
    expect(new Set(slots.map((s) => s.resource_id)).size).toBe(50);
    const starts = slots.map((s) => Date.parse(s.start));
    expect(starts.every((t, i) => i === 0 || t >= starts[i - 1])).toBe(true);
  });

  it('rejects a bad duration or output zone', () => {
    expect(() => sut({ resources: [], range: monday, durationMinutes: 0, outputTimeZone: 'UTC' })).toThrow(
      expect.objectContaining({ code: 'VAL_FAILED' }),
    );
    expect(() =>
      sut({ resources: [], range: monday, durationMinutes: 30, outputTimeZone: 'Nowhere/Land' }),
    ).toThrow(expect.objectContaining({ code: 'BR_INVALID_TIME_ZONE' }));
  });
});
