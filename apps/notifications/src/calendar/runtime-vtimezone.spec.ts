import { IANAZone } from 'luxon';
import { runtimeVtimezone } from './runtime-vtimezone';

/** Each observance's onset read back as an instant, with the offset it starts. */
function onsets(block: string): { at: number; to: number }[] {
  const minutes = (o: string) => (o[0] === '-' ? -1 : 1) * (Number(o.slice(1, 3)) * 60 + Number(o.slice(3)));
  return [...block.matchAll(/DTSTART:(\d{8}T\d{6})\r\nTZOFFSETFROM:(\S+)\r\nTZOFFSETTO:(\S+)/g)].map(
    ([, local, from, to]) => {
      const wall = Date.UTC(
        +local.slice(0, 4),
        +local.slice(4, 6) - 1,
        +local.slice(6, 8),
        +local.slice(9, 11),
        +local.slice(11, 13),
      );
      return { at: wall - minutes(from) * 60_000, to: minutes(to) };
    },
  );
}

describe(runtimeVtimezone.name, () => {
  const visit = new Date('2026-03-29T01:30:00Z');

  it('lists the transitions around the visit with the onsets and offsets of RFC 5545', () => {
    const sut = runtimeVtimezone('Europe/Berlin', visit, visit);

    expect(sut).toMatch(/^BEGIN:VTIMEZONE\r\nTZID:Europe\/Berlin\r\n/);
    expect(sut).toContain(
      'BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200',
    );
    expect(sut).toContain(
      'BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100',
    );
    expect(sut).not.toContain('RRULE');
  });

  it.each(['Europe/London', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'])(
    'agrees with the runtime zone rules at every onset in %s',
    (zone) => {
      const tz = IANAZone.create(zone);
      const sut = onsets(runtimeVtimezone(zone, visit, visit));

      expect(sut.length).toBeGreaterThan(0);
      for (const { at, to } of sut) expect(tz.offset(at)).toBe(to);
      // Between two onsets the offset stays what the first one started.
      for (let i = 1; i < sut.length; i++) expect(tz.offset(sut[i].at - 60_000)).toBe(sut[i - 1].to);
    },
  );

  it('gives every later invite the block a process that never built one would give', () => {
    const later = new Date('2027-11-02T09:00:00Z');
    const warm = ['Europe/Berlin', 'America/New_York', 'Europe/Berlin'].map((zone) =>
      runtimeVtimezone(zone, visit, later),
    );
    let fresh: string[] = [];
    jest.isolateModules(() => {
      const { runtimeVtimezone: coldVtimezone } = jest.requireActual('./runtime-vtimezone');
      fresh = ['Europe/Berlin', 'America/New_York'].map((zone) => coldVtimezone(zone, visit, later));
    });

    expect(warm).toEqual([fresh[0], fresh[1], fresh[0]]);
    expect(warm[1]).toContain('TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500');
  });

  it('refuses a zone the runtime does not know', () => {
    expect(() => runtimeVtimezone('Mars/Olympus_Mons', visit, visit)).toThrow('Unknown time zone');
  });
});
