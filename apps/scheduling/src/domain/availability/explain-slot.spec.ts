import { aResource, aRoom, at, between } from '../testing/resource-calendar.factory';
import { explainSlot } from './explain-slot';

describe(explainSlot.name, () => {
  const sut = explainSlot;

  it('says a free slot is available, with no reasons', () => {
    expect(sut({ resources: [aResource(), aRoom()], window: at('2024-03-04T10:00Z', 60) })).toEqual({
      available: true,
      reasons: [],
    });
  });

  it('gives every reason, with the clashing window in the requested zone', () => {
    const practitioner = aResource({
      id: 'p-1',
      time_zone: 'America/New_York',
      bookings: [at('2024-03-04T15:00Z', 60)],
    });
    const room = aRoom({ id: 'r-1', time_off: [between('2024-03-04T00:00Z', '2024-03-05T00:00Z')] });
    const explanation = sut({
      resources: [practitioner, room],
      window: at('2024-03-04T15:30Z', 120),
      outputTimeZone: 'America/New_York',
    });
    expect(explanation.available).toBe(false);
    expect(explanation.reasons).toEqual([
      {
        code: 'CF_PRACTITIONER_BUSY',
        resource_id: 'p-1',
        message: expect.stringContaining('p-1'),
        clashing: { start: '2024-03-04T10:00:00-05:00', end: '2024-03-04T11:00:00-05:00' },
      },
      { code: 'BR_OUTSIDE_WORKING_HOURS', resource_id: 'r-1', message: expect.any(String) },
      {
        code: 'BR_RESOURCE_TIME_OFF',
        resource_id: 'r-1',
        message: expect.any(String),
        clashing: { start: '2024-03-03T19:00:00-05:00', end: '2024-03-04T19:00:00-05:00' },
      },
    ]);
  });
});
