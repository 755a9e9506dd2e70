import * as ical from 'node-ical';
import { buildInvite, CalendarVisit, calendarUid, googleCalendarLink } from './calendar-invite';

const visit = (overrides: Partial<CalendarVisit> = {}): CalendarVisit => ({
  assignmentId: '01900000-0000-7000-8000-0000000000aa',
  sequence: 0,
  // 03:30 local on the day Berlin springs forward (02:00 → 03:00): 01:30Z.
  start: new Date('2026-03-29T01:30:00Z'),
  end: new Date('2026-03-29T02:30:00Z'),
  timeZone: 'Europe/Berlin',
  summary: 'Slotline visit',
  description: 'Assignment',
  organizer: { name: 'Slotline', email: 'no-reply@slotline.local' },
  attendees: [
    { name: 'Customer', email: 'c@example.com' },
    { name: 'Provider', email: 'p@example.com' },
  ],
  method: 'REQUEST',
  stamp: new Date('2026-03-01T00:00:00Z'),
  ...overrides,
});

function veventOf(ics: string): ical.VEvent {
  return Object.values(ical.sync.parseICS(ics)).find((c) => c?.type === 'VEVENT') as ical.VEvent;
}

describe(buildInvite.name, () => {
  it('writes local times in the visit zone with its VTIMEZONE, on a DST day, whatever the process zone', () => {
    const sut = buildInvite(visit());
    expect(sut).toContain('METHOD:REQUEST');
    expect(sut).toContain('DTSTART;TZID=Europe/Berlin:20260329T033000');
    expect(sut).toContain('DTEND;TZID=Europe/Berlin:20260329T043000');
    expect(sut).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Berlin/);
    const event = veventOf(sut);
    expect((event.start as Date).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect((event.start as ical.DateWithTimeZone).tz).toBe('Europe/Berlin');
    expect((event.end as ical.DateWithTimeZone).tz).toBe('Europe/Berlin');
    expect(event.uid).toBe(calendarUid(visit().assignmentId));
    expect(Number(event.sequence)).toBe(0);
    expect(sut).toMatch(/ORGANIZER;CN="?Slotline"?:mailto:no-reply@slotline.local/);
    expect(sut.match(/^ATTENDEE/gm)).toHaveLength(2);
  });

  it('stamps the invite in UTC (RFC 5545 §3.8.7.2), whatever the visit zone', () => {
    const sut = buildInvite(visit({ stamp: new Date('2026-03-01T23:45:06Z') }));
    expect(sut).toMatch(/^DTSTAMP:20260301T234506Z\r$/m);
    const stamp = veventOf(sut).dtstamp as ical.DateWithTimeZone;
    expect(stamp.toISOString()).toBe('2026-03-01T23:45:06.000Z');
    expect(stamp.tz).toBe('Etc/UTC');
  });

  it('writes a visit in zone UTC in UTC form, never as floating local times', () => {
    const sut = buildInvite(visit({ timeZone: 'UTC' }));
    expect(sut).toMatch(/^DTSTART:20260329T013000Z\r$/m);
    expect(sut).toMatch(/^DTEND:20260329T023000Z\r$/m);
    expect(sut).toMatch(/^DTSTAMP:20260301T000000Z\r$/m);
    const event = veventOf(sut);
    for (const [at, iso] of [
      [event.start, '2026-03-29T01:30:00.000Z'],
      [event.end, '2026-03-29T02:30:00.000Z'],
    ] as const) {
      expect((at as Date).toISOString()).toBe(iso);
      expect((at as ical.DateWithTimeZone).tz).toBe('Etc/UTC');
    }
  });

  it('cancels with METHOD:CANCEL, the same UID and the SEQUENCE given', () => {
    const sut = buildInvite(visit({ method: 'CANCEL', sequence: 2 }));
    expect(sut).toContain('METHOD:CANCEL');
    expect(sut).toContain('STATUS:CANCELLED');
    expect(veventOf(sut).uid).toBe(calendarUid(visit().assignmentId));
    expect(Number(veventOf(sut).sequence)).toBe(2);
  });
});

describe(googleCalendarLink.name, () => {
  it('links the UTC window with the visit zone', () => {
    const url = new URL(googleCalendarLink(visit()));
    expect(url.searchParams.get('dates')).toBe('20260329T013000Z/20260329T023000Z');
    expect(url.searchParams.get('ctz')).toBe('Europe/Berlin');
  });
});
