import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';
import * as nodeIcal from 'node-ical';
import { buildInvite, CalendarVisit, calendarUid, Party } from './calendar-invite';
import { runtimeVtimezone } from './runtime-vtimezone';

/** The invite as ical-generator wrote it until issue 14 (the code `buildInvite` replaced, verbatim). */
function icalGeneratorInvite(v: CalendarVisit): string {
  const calendar = ical({
    prodId: { company: 'Slotline', product: 'notifications', language: 'EN' },
    method: v.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.timezone({
    name: v.timeZone,
    generator: (zone) => runtimeVtimezone(zone, v.start, v.end),
  });
  calendar.createEvent({
    id: calendarUid(v.assignmentId),
    sequence: v.sequence,
    stamp: DateTime.fromJSDate(v.stamp, { zone: 'utc' }),
    start: DateTime.fromJSDate(v.start, { zone: v.timeZone }),
    end: DateTime.fromJSDate(v.end, { zone: v.timeZone }),
    timezone: v.timeZone,
    summary: v.summary,
    description: v.description,
    status: v.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: v.organizer.name, email: v.organizer.email },
    attendees: v.attendees.map((a) => ({
      name: a.name,
      email: a.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: false,
    })),
  });
  return calendar.toString();
}

/** A small deterministic generator, so a failure names a case that can be run again. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const ZONES = [
  'UTC',
  'Etc/UTC',
  'Europe/Berlin',
  'Europe/Dublin', // negative DST in the tz database
  'America/New_York',
  'America/St_Johns', // half-hour offset
  'Asia/Kathmandu', // 5:45
  'Australia/Lord_Howe', // half-hour DST
  'Pacific/Chatham',
  'Africa/Casablanca', // DST suspended during Ramadan
  'America/Sao_Paulo',
  'Pacific/Apia',
];

/** Names and addresses with what the text rules treat specially: `\ ; , "`, line breaks, non-ASCII, length. */
const NAMES = [
  'Customer',
  'Provider',
  '',
  'Dr. "Quote" \\ Back',
  'Zoë; Müller, Jr.',
  'Line\nbreak',
  '名前 😀',
];
const LOCALS = [
  'c',
  'provider',
  'a;b,c\\d',
  'zoë.müller',
  'x'.repeat(60),
  '😀'.repeat(20),
  'ﬁ'.repeat(30),
  'ab😀'.repeat(9),
];

function pick<T>(random: () => number, from: readonly T[]): T {
  return from[Math.floor(random() * from.length)];
}

function randomVisit(random: () => number): CalendarVisit {
  // Quarter hours within about three years, some across DST changes; a few starts after their end.
  const start = Date.UTC(2025, 0, 1) + Math.floor(random() * 3 * 365 * 96) * 900_000;
  const minutes = pick(random, [15, 60, 90, 24 * 60, -30]);
  const party = (): Party => ({
    name: pick(random, NAMES),
    email: `${pick(random, LOCALS)}@${pick(random, ['example.com', 'exämple.de', 'x.io'])}`,
  });
  return {
    assignmentId: `0190${Math.floor(random() * 1e8)
      .toString(16)
      .padStart(4, '0')}-0000-7000-8000-0000000000aa`,
    sequence: Math.floor(random() * 12),
    start: new Date(start),
    end: new Date(start + minutes * 60_000),
    timeZone: pick(random, ZONES),
    summary: pick(random, ['Slotline visit', 'Visit; with, specials\\']),
    description: pick(random, ['Assignment 0190', 'Two\r\nlines, and ; more', `Long ${'é'.repeat(80)}`]),
    organizer: pick(random, [
      { name: 'Slotline', email: 'no-reply@slotline.local' },
      { name: 'Slötline "Ops"', email: 'ops;x@slotline.local' },
    ]),
    attendees: [party(), party()],
    method: random() < 0.3 ? 'CANCEL' : 'REQUEST',
    stamp: new Date(start - Math.floor(random() * 90 * 86_400_000) + Math.floor(random() * 1000)),
  };
}

describe('buildInvite against ical-generator', () => {
  it('writes the same bytes as ical-generator did, for 400 varied visits', () => {
    const random = seeded(14);
    for (let i = 0; i < 400; i++) {
      const v = randomVisit(random);
      expect({ case: i, ics: buildInvite(v) }).toEqual({ case: i, ics: icalGeneratorInvite(v) });
    }
  });

  it('writes the same bytes for the invites the service sends (both methods, every zone above)', () => {
    for (const timeZone of ZONES)
      for (const method of ['REQUEST', 'CANCEL'] as const) {
        const v: CalendarVisit = {
          assignmentId: '01900000-0000-7000-8000-0000000000aa',
          sequence: method === 'CANCEL' ? 2 : 0,
          start: new Date('2026-03-29T01:30:00Z'),
          end: new Date('2026-03-29T02:30:00Z'),
          timeZone,
          summary: 'Slotline visit',
          description: 'Assignment 01900000-0000-7000-8000-0000000000aa',
          organizer: { name: 'Slotline', email: 'no-reply@slotline.local' },
          attendees: [
            { name: 'Customer', email: 'customer@example.com' },
            { name: 'Provider', email: 'provider@example.com' },
          ],
          method,
          stamp: new Date('2026-03-01T10:11:12.345Z'),
        };
        expect(buildInvite(v)).toBe(icalGeneratorInvite(v));
      }
  });

  it('reads back with node-ical as the same event: UID, SEQUENCE, METHOD, times, organizer, attendees', () => {
    const random = seeded(5545);
    for (let i = 0; i < 50; i++) {
      // The shape the service sends: its organizer, the two parties by role; zones and times vary.
      const v: CalendarVisit = {
        ...randomVisit(random),
        summary: 'Slotline visit',
        description: 'Assignment 0190',
        organizer: { name: 'Slotline', email: 'no-reply@slotline.local' },
        attendees: [
          { name: 'Customer', email: `c${i}@example.com` },
          { name: 'Provider', email: `p${i}@example.com` },
        ],
      };
      const ics = buildInvite(v);
      const event = Object.values(nodeIcal.sync.parseICS(ics)).find(
        (c) => c?.type === 'VEVENT',
      ) as nodeIcal.VEvent;
      const [first, last] = v.start <= v.end ? [v.start, v.end] : [v.end, v.start];
      expect(event.uid).toBe(calendarUid(v.assignmentId));
      expect(Number(event.sequence)).toBe(v.sequence);
      expect(ics).toContain(`\r\nMETHOD:${v.method}\r\n`);
      expect(event.status).toBe(v.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED');
      // A `UTC` visit is written as floating time (as ical-generator wrote it), which node-ical reads
      // in the process zone; the tests run in UTC.
      expect((event.start as Date).getTime()).toBe(first.getTime());
      expect((event.end as Date).getTime()).toBe(last.getTime());
      expect(event.organizer).toMatchObject({
        params: { CN: 'Slotline' },
        val: 'mailto:no-reply@slotline.local',
      });
      const attendees = ([] as Array<{ params: { CN: string }; val: string }>).concat(
        event.attendee as never,
      );
      expect(attendees.map((a) => [a.params.CN, a.val])).toEqual([
        ['Customer', `MAILTO:c${i}@example.com`],
        ['Provider', `MAILTO:p${i}@example.com`],
      ]);
    }
  });
});
