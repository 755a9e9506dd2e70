import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';
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
 * its times (`runtimeVtimezone`). Times are handed to
 * ical-generator as luxon values already in that zone: given a JS Date plus a zone, it formats the
 * local time of the *process* zone instead, which shifts the visit by the difference.
 *
 * The zone is the event's, not the calendar's: ical-generator writes every calendar-level time
 * (DTSTAMP) in the calendar's zone without `Z`, where RFC 5545 §3.8.7.2 wants UTC; a calendar zone of
 * `name: null` keeps only the VTIMEZONE generator. ical-generator reads an event zone of `UTC` as none,
 * so a visit in `UTC` gets DTSTART/DTEND in UTC form (`…Z`) and no VTIMEZONE, never floating times.
 */
export function buildInvite(v: CalendarVisit): string {
  const calendar = ical({
    prodId: { company: 'Slotline', product: 'notifications', language: 'EN' },
    method: v.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: null, generator: (zone) => runtimeVtimezone(zone, v.start, v.end) },
  });
  calendar.createEvent({
    id: calendarUid(v.assignmentId),
    sequence: v.sequence,
    stamp: v.stamp,
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
