import { between, isoPairs } from '../testing/resource-calendar.factory';
import { intersectIntervals, mergeIntervals, overlaps, subtractIntervals } from './interval';

describe('Interval', () => {
  describe(overlaps.name, () => {
    it('treats intervals as half-open, so back-to-back ones do not overlap', () => {
      const sut = overlaps;
      expect(
        sut(
          between('2024-01-01T09:00Z', '2024-01-01T10:00Z'),
          between('2024-01-01T10:00Z', '2024-01-01T11:00Z'),
        ),
      ).toBe(false);
      expect(
        sut(
          between('2024-01-01T09:00Z', '2024-01-01T10:01Z'),
          between('2024-01-01T10:00Z', '2024-01-01T11:00Z'),
        ),
      ).toBe(true);
      expect(
        sut(
          between('2024-01-01T09:00Z', '2024-01-01T12:00Z'),
          between('2024-01-01T10:00Z', '2024-01-01T11:00Z'),
        ),
      ).toBe(true);
    });
  });

  describe(mergeIntervals.name, () => {
    it('sorts, joins overlapping and touching intervals and drops empty ones', () => {
      const sut = mergeIntervals;
      const merged = sut([
        between('2024-01-01T12:00Z', '2024-01-01T13:00Z'),
        between('2024-01-01T09:00Z', '2024-01-01T10:00Z'),
        between('2024-01-01T10:00Z', '2024-01-01T11:00Z'),
        between('2024-01-01T10:30Z', '2024-01-01T10:45Z'),
        between('2024-01-01T15:00Z', '2024-01-01T15:00Z'),
      ]);
      expect(isoPairs(merged)).toEqual([
        ['2024-01-01T09:00:00.000Z', '2024-01-01T11:00:00.000Z'],
        ['2024-01-01T12:00:00.000Z', '2024-01-01T13:00:00.000Z'],
      ]);
    });
  });

  describe(subtractIntervals.name, () => {
    it('cuts holes and trims edges', () => {
      const sut = subtractIntervals;
      const left = sut(
        [between('2024-01-01T09:00Z', '2024-01-01T17:00Z')],
        [
          between('2024-01-01T08:00Z', '2024-01-01T09:30Z'),
          between('2024-01-01T12:00Z', '2024-01-01T13:00Z'),
          between('2024-01-01T16:00Z', '2024-01-01T18:00Z'),
        ],
      );
      expect(isoPairs(left)).toEqual([
        ['2024-01-01T09:30:00.000Z', '2024-01-01T12:00:00.000Z'],
        ['2024-01-01T13:00:00.000Z', '2024-01-01T16:00:00.000Z'],
      ]);
    });

    it('returns nothing when everything is removed', () => {
      const sut = subtractIntervals;
      expect(
        sut(
          [between('2024-01-01T09:00Z', '2024-01-01T10:00Z')],
          [between('2024-01-01T00:00Z', '2024-01-02T00:00Z')],
        ),
      ).toEqual([]);
    });
  });

  describe(intersectIntervals.name, () => {
    it('keeps only what both lists cover', () => {
      const sut = intersectIntervals;
      const both = sut(
        [
          between('2024-01-01T09:00Z', '2024-01-01T12:00Z'),
          between('2024-01-01T13:00Z', '2024-01-01T17:00Z'),
        ],
        [between('2024-01-01T11:00Z', '2024-01-01T14:00Z')],
      );
      expect(isoPairs(both)).toEqual([
        ['2024-01-01T11:00:00.000Z', '2024-01-01T12:00:00.000Z'],
        ['2024-01-01T13:00:00.000Z', '2024-01-01T14:00:00.000Z'],
      ]);
    });
  });
});
