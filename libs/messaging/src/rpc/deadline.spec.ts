import { runWithDeadline } from '@slotline/observability';
import { deadlineFor, readDeadline } from './deadline';

const headers = (value?: string) => ({ get: (name: string) => (name === 'x-deadline' ? (value ?? '') : '') });

describe(deadlineFor.name, () => {
  it('keeps a tenth of the wait (50–500 ms) back for the commit and the reply', () => {
    expect(deadlineFor(5000, 1_000_000)).toBe(1_004_500);
    expect(deadlineFor(60_000, 1_000_000)).toBe(1_059_500);
    expect(deadlineFor(200, 1_000_000)).toBe(1_000_150);
  });

  it('never outlives the deadline of the call it is made from', () => {
    expect(runWithDeadline(1_000_300, () => deadlineFor(5000, 1_000_000))).toBe(1_000_300);
    expect(runWithDeadline(2_000_000, () => deadlineFor(5000, 1_000_000))).toBe(1_004_500);
  });
});

describe(readDeadline.name, () => {
  it('reads epoch milliseconds and ignores anything else', () => {
    expect(readDeadline(headers('1764800000000'))).toBe(1_764_800_000_000);
    expect(readDeadline(headers())).toBeNull();
    expect(readDeadline(headers('soon'))).toBeNull();
    expect(readDeadline(headers('-5'))).toBeNull();
    expect(readDeadline(undefined)).toBeNull();
  });
});
