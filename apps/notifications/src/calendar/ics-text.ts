import { Info } from 'luxon';

/**
 * The text rules of RFC 5545 exactly as ical-generator 10 applies them, so that the invites written by
 * hand in `buildInvite` keep the bytes they had when ical-generator wrote them
 * (`calendar-invite.equivalence.spec.ts` compares the two).
 */

/** TEXT escaping: `\ ; ,` (or `\ "` inside a quoted parameter) get a backslash, line breaks become `\n`. */
export function escapeText(value: string, inQuotes: boolean): string {
  return value
    .replace(inQuotes ? /[\\"]/g : /[\\;,]/g, (match) => `\\${match}`)
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** No character above U+007F (one octet each in UTF-8). */
const NON_ASCII = /[^\p{ASCII}]/u;
const LINE_OCTETS = 74;
const utf8 = new TextEncoder();

/**
 * Folds every line of `ics` after 74 octets (continuation lines start with a space), never inside a
 * UTF-8 sequence or a surrogate pair. An invite is ASCII but for names and addresses, so an ASCII line
 * is cut by length; any other line is measured character by character as ical-generator measures it.
 */
export function foldLines(ics: string): string {
  return ics
    .split('\r\n')
    .map((line) => (NON_ASCII.test(line) ? foldMeasured(line) : foldAscii(line)))
    .join('\r\n');
}

function foldAscii(line: string): string {
  if (line.length <= LINE_OCTETS) return line;
  const parts: string[] = [];
  for (let at = 0; at < line.length; at += LINE_OCTETS) parts.push(line.slice(at, at + LINE_OCTETS));
  return parts.join('\r\n ');
}

function foldMeasured(line: string): string {
  let result = '';
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    let ch = line.charAt(i);
    if (ch >= '\ud800' && ch <= '\udbff') ch += line.charAt(++i);
    const size = utf8.encode(ch).length;
    octets += size;
    if (octets > LINE_OCTETS) {
      result += '\r\n ';
      octets = size;
    }
    result += ch;
  }
  return result;
}

/**
 * `at` as the local date-time of `zone` without a designator (`20260329T033000`): what ical-generator
 * writes for a time in the calendar's zone, from the zone's offset at that instant (luxon's rules, which
 * also name `UTC` a fixed zone); seconds are truncated.
 */
export function localDateTime(at: Date, zone: string): string {
  const offset = Info.normalizeZone(zone).offset(at.getTime());
  if (!Number.isFinite(offset)) throw new Error(`Unknown time zone ${zone}`);
  const d = new Date(at.getTime() + offset * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    String(d.getUTCFullYear()).padStart(4, '0') +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    'T' +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds())
  );
}
