import { proposedWindow } from './proposed-window';

describe(proposedWindow.name, () => {
  it('takes an instant with offset and adds the job duration', () => {
    const sut = proposedWindow(
      { start: '2030-03-04T10:00:00+01:00', schedule_version: 0 },
      'Europe/Paris',
      45,
    );

    expect(sut).toEqual({ start: new Date('2030-03-04T09:00:00Z'), end: new Date('2030-03-04T09:45:00Z') });
  });

  it('reads a local start in the practitioner zone unless another zone is named', () => {
    const inPractitionerZone = proposedWindow(
      { local_start: '2030-07-01T09:00', schedule_version: 0 },
      'America/New_York',
      60,
    );
    const inNamedZone = proposedWindow(
      { local_start: '2030-07-01T09:00', time_zone: 'Asia/Kolkata', schedule_version: 0 },
      'America/New_York',
      60,
    );

    expect(inPractitionerZone.start.toISOString()).toBe('2030-07-01T13:00:00.000Z');
    expect(inNamedZone.start.toISOString()).toBe('2030-07-01T03:30:00.000Z');
  });

  it('refuses a local time inside a spring-forward gap with the next valid instant', () => {
    expect(() =>
      proposedWindow({ local_start: '2030-03-10T02:30', schedule_version: 0 }, 'America/New_York', 60),
    ).toThrow(
      expect.objectContaining({
        code: 'BR_NONEXISTENT_LOCAL_TIME',
        details: expect.objectContaining({ next_valid: '2030-03-10T03:00:00-04:00' }),
      }),
    );
  });

  it('picks the later occurrence of a repeated local time when asked', () => {
    const sut = proposedWindow(
      { local_start: '2030-11-03T01:30', ambiguous: 'later', schedule_version: 0 },
      'America/New_York',
      30,
    );

    expect(sut.start.toISOString()).toBe('2030-11-03T06:30:00.000Z');
  });

  it.each([
    ['neither', { schedule_version: 0 }],
    ['both', { start: '2030-03-04T10:00:00Z', local_start: '2030-03-04T10:00', schedule_version: 0 }],
  ])('wants exactly one of start and local_start (%s given)', (_label, body) => {
    expect(() => proposedWindow(body, 'UTC', 30)).toThrow(expect.objectContaining({ code: 'VAL_FAILED' }));
  });

  it('refuses an unknown zone with BR_INVALID_TIME_ZONE', () => {
    expect(() =>
      proposedWindow(
        { local_start: '2030-03-04T10:00', time_zone: 'Mars/Olympus', schedule_version: 0 },
        'UTC',
        30,
      ),
    ).toThrow(expect.objectContaining({ code: 'BR_INVALID_TIME_ZONE' }));
  });
});
