import { nextRetry, retryAfterSeconds } from './retry-schedule';

describe(nextRetry.name, () => {
  const schedule = [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];
  const now = new Date('2026-12-03T09:00:00Z');
  const sut = (attempt: number, status: number | null = 500, retryAfter: string | null = null, random = 0) =>
    nextRetry({ schedule, jitter: 0.2, random: () => random }, attempt, status, retryAfter, now);

  it('follows the schedule, about three days in ten attempts', () => {
    const delays = schedule.slice(1).map((_, i) => sut(i + 1));
    expect(delays.map((d) => (d.retry ? d.delaySeconds : null))).toEqual(schedule.slice(1));
    const total = schedule.reduce((a, b) => a + b, 0);
    expect(total / 86400).toBeGreaterThan(3);
    expect(total / 86400).toBeLessThan(3.5);
  });

  it('gives up after the last attempt', () => {
    expect(sut(schedule.length)).toEqual({ retry: false });
  });

  it('adds up to 20% jitter', () => {
    expect(sut(2, 500, null, 0.999)).toEqual({ retry: true, delaySeconds: expect.closeTo(360, 0) });
    expect(sut(2, 500, null, 0.5)).toEqual({ retry: true, delaySeconds: 330 });
  });

  it('honours Retry-After on 429 and 503, in seconds or as a date, capped at a day', () => {
    expect(sut(1, 429, '120')).toEqual({ retry: true, delaySeconds: 120 });
    expect(sut(1, 503, 'Thu, 03 Dec 2026 09:10:00 GMT')).toEqual({ retry: true, delaySeconds: 600 });
    expect(sut(1, 429, '9999999')).toEqual({ retry: true, delaySeconds: 86400 });
  });

  it('ignores Retry-After on other statuses and unreadable values', () => {
    expect(sut(1, 500, '120')).toEqual({ retry: true, delaySeconds: 5 });
    expect(sut(1, 429, 'soon')).toEqual({ retry: true, delaySeconds: 5 });
  });
});

describe(retryAfterSeconds.name, () => {
  it('never goes negative for a date in the past', () => {
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:00:00 GMT', new Date('2026-12-03T00:00:00Z'))).toBe(0);
  });
});
