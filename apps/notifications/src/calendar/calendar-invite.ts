import { escapeText, foldLines, localDateTime } from './ics-text';
import { runtimeVtimezone } from './runtime-vtimezone';

export interface Party {
  name: string;
  email: string;
}

/** One confirmed (or cancelled) visit as a calendar event. */
export interface CalendarVisit {
  assignmentId: string;
  /** RFC 5545 SEQUENCE: 0 when first confirmed, +1 on every reschedule and on cancellation. */
  sequence: number;
  start: Date;
  end: Date;
  /** The visit's zone (the assignment's `time_zone`): DTSTART/DTEND carry it as TZID. */
  timeZone: string;
  summary: string;
  description: string;
  organizer: Party;
  attendees: Party[];
  method: 'REQUEST' | 'CANCEL';
  /** DTSTAMP; the time the invite was made. */
  stamp: Date;
}

/** Stable per assignment, so every update and the cancellation replace the same calendar entry. */
export function calendarUid(assignmentId: string): string {
  return `assignment-${assignmentId}@slotline`;
}

/**
 * A valid RFC 5545 invite (NTF-4) with a VTIMEZONE for the visit's zone, from the same zone rules as
 * its times (`runtimeVtimezone`). Written line by line: ical-generator wrote these invites until
 * issue 14, and building its object model and folding its output a character at a time was the largest
 * cost of a confirmation in this service. The bytes are the ones it wrote, quirks included (DTSTAMP is
 * the calendar zone's local time; a visit in `UTC` gets floating times with no TZID), so mail clients
 * see no change; `calendar-invite.equivalence.spec.ts` holds the two side by side.
 */
export function buildInvite(v: CalendarVisit): string {
  const { organizer, timeZone } = v;
  if (!organizer.name) throw new Error('`organizer.name` is empty!');
  if (!organizer.email) throw new Error('`organizer.email` is empty!');
  // ical-generator swaps a start after the end in the event (not in the VTIMEZONE's range).
  const [start, end] = v.start.getTime() > v.end.getTime() ? [v.end, v.start] : [v.start, v.end];
  const tzid = timeZone === 'UTC' ? '' : `;TZID=${timeZone}`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Slotline//notifications//EN',
    `METHOD:${v.method}`,
    runtimeVtimezone(timeZone, v.start, v.end),
    `TIMEZONE-ID:${timeZone}`,
    `X-WR-TIMEZONE:${timeZone}`,
    'BEGIN:VEVENT',
    `UID:${calendarUid(v.assignmentId)}`,
    `SEQUENCE:${v.sequence}`,
    `DTSTAMP:${localDateTime(v.stamp, timeZone)}`,
    `DTSTART${tzid}:${localDateTime(start, timeZone)}`,
    `DTEND${tzid}:${localDateTime(end, timeZone)}`,
    `SUMMARY:${escapeText(v.summary, false)}`,
    `DESCRIPTION:${escapeText(v.description, false)}`,
    `ORGANIZER;CN="${escapeText(organizer.name, true)}":mailto:${escapeText(organizer.email, false)}`,
    ...v.attendees.map(attendeeLine),
    `STATUS:${v.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return foldLines(lines.join('\r\n'));
}

function attendeeLine(a: Party): string {
  if (!a.email) throw new Error('No value for `email` in ICalAttendee given!');
  const name = a.name ? `;CN="${escapeText(a.name, true)}"` : '';
  return `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE${name}:MAILTO:${escapeText(a.email, false)}`;
}

/** "Add to Google Calendar" link for the visit (NTF-4; CALENDAR_GOOGLE_LINKS_ENABLED). */
export function googleCalendarLink(
  v: Pick<CalendarVisit, 'start' | 'end' | 'timeZone' | 'summary' | 'description'>,
): string {
  const utc = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: v.summary,
    dates: `${utc(v.start)}/${utc(v.end)}`,
    ctz: v.timeZone,
    details: v.description,
  });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}
