import { violationError } from './violation-error';

describe(violationError.name, () => {
  const clash = { start: new Date('2030-01-07T09:00:00Z'), end: new Date('2030-01-07T10:00:00Z') };

  it('answers with the first violation and lists all, with windows in the given zone', () => {
    const sut = violationError(
      [
        {
          code: 'CF_ROOM_BUSY',
          resource_id: 'room-1',
          resource_kind: 'room',
          message: 'room busy',
          clashing: clash,
        },
        {
          code: 'BR_OUTSIDE_WORKING_HOURS',
          resource_id: 'p-1',
          resource_kind: 'practitioner',
          message: 'closed',
        },
      ],
      [{ start: new Date('2030-01-07T10:00:00Z'), end: new Date('2030-01-07T11:00:00Z') }],
      'Europe/Berlin',
    );

    expect(sut).toMatchObject({ code: 'CF_ROOM_BUSY', status: 409, message: 'room busy' });
    expect(sut.details).toEqual({
      resource_id: 'room-1',
      resource_kind: 'room',
      clashing: { start: '2030-01-07T10:00:00+01:00', end: '2030-01-07T11:00:00+01:00' },
      violations: [
        {
          code: 'CF_ROOM_BUSY',
          resource_id: 'room-1',
          resource_kind: 'room',
          message: 'room busy',
          clashing: { start: '2030-01-07T10:00:00+01:00', end: '2030-01-07T11:00:00+01:00' },
        },
        {
          code: 'BR_OUTSIDE_WORKING_HOURS',
          resource_id: 'p-1',
          resource_kind: 'practitioner',
          message: 'closed',
        },
      ],
      alternatives: [{ start: '2030-01-07T11:00:00+01:00', end: '2030-01-07T12:00:00+01:00' }],
      time_zone: 'Europe/Berlin',
    });
  });
});
