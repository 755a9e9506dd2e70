/**
 * Both 2024 transitions of three DST zones (Sydney's are southern: on in October, off in April) and a zone
 * without DST. `gap` and `repeated` are local readings that are skipped or happen twice that night.
 */
export interface DstCase {
  zone: string;
  day: string;
  kind: 'spring-forward' | 'fall-back' | 'none';
  /** A reading inside the gap or overlap, with what it resolves to. */
  local: string;
  earlier?: string;
  later?: string;
  nextValid?: string;
  /** 00:00–08:00 that day, in UTC, and its real length in hours. */
  night: [string, string];
  nightHours: number;
}

export const DST_CASES: DstCase[] = [
  {
    zone: 'America/New_York',
    day: '2024-03-10',
    kind: 'spring-forward',
    local: '2024-03-10T02:30',
    nextValid: '2024-03-10T03:00:00-04:00',
    night: ['2024-03-10T05:00:00.000Z', '2024-03-10T12:00:00.000Z'],
    nightHours: 7,
  },
  {
    zone: 'America/New_York',
    day: '2024-11-03',
    kind: 'fall-back',
    local: '2024-11-03T01:30',
    earlier: '2024-11-03T05:30:00.000Z',
    later: '2024-11-03T06:30:00.000Z',
    night: ['2024-11-03T04:00:00.000Z', '2024-11-03T13:00:00.000Z'],
    nightHours: 9,
  },
  {
    zone: 'Europe/London',
    day: '2024-03-31',
    kind: 'spring-forward',
    local: '2024-03-31T01:30',
    nextValid: '2024-03-31T02:00:00+01:00',
    night: ['2024-03-31T00:00:00.000Z', '2024-03-31T07:00:00.000Z'],
    nightHours: 7,
  },
  {
    zone: 'Europe/London',
    day: '2024-10-27',
    kind: 'fall-back',
    local: '2024-10-27T01:30',
    earlier: '2024-10-27T00:30:00.000Z',
    later: '2024-10-27T01:30:00.000Z',
    night: ['2024-10-26T23:00:00.000Z', '2024-10-27T08:00:00.000Z'],
    nightHours: 9,
  },
  {
    zone: 'Australia/Sydney',
    day: '2024-10-06',
    kind: 'spring-forward',
    local: '2024-10-06T02:30',
    nextValid: '2024-10-06T03:00:00+11:00',
    night: ['2024-10-05T14:00:00.000Z', '2024-10-05T21:00:00.000Z'],
    nightHours: 7,
  },
  {
    zone: 'Australia/Sydney',
    day: '2024-04-07',
    kind: 'fall-back',
    local: '2024-04-07T02:30',
    earlier: '2024-04-06T15:30:00.000Z',
    later: '2024-04-06T16:30:00.000Z',
    night: ['2024-04-06T13:00:00.000Z', '2024-04-06T22:00:00.000Z'],
    nightHours: 9,
  },
  {
    zone: 'Asia/Kolkata',
    day: '2024-03-10',
    kind: 'none',
    local: '2024-03-10T02:30',
    earlier: '2024-03-09T21:00:00.000Z',
    later: '2024-03-09T21:00:00.000Z',
    night: ['2024-03-09T18:30:00.000Z', '2024-03-10T02:30:00.000Z'],
    nightHours: 8,
  },
  {
    zone: 'Asia/Kolkata',
    day: '2024-11-03',
    kind: 'none',
    local: '2024-11-03T01:30',
    earlier: '2024-11-02T20:00:00.000Z',
    later: '2024-11-02T20:00:00.000Z',
    night: ['2024-11-02T18:30:00.000Z', '2024-11-03T02:30:00.000Z'],
    nightHours: 8,
  },
];
