import { InvalidSchedulingInputError } from '../errors/scheduling-domain.errors';
import { intersectSpans, mergeSpans, Span, spanOverlaps, subtractSpans } from './span';

/** A half-open range of instants [start, end): a booking ending at 10:00 and one starting at 10:00 do not overlap. */
export interface Interval {
  start: Date;
  end: Date;
}

export function toSpan(interval: Interval): Span {
  return { start: interval.start.getTime(), end: interval.end.getTime() };
}

export function toInterval(span: Span): Interval {
  return { start: new Date(span.start), end: new Date(span.end) };
}

/** @throws InvalidSchedulingInputError unless both ends are valid dates and end is after start. */
export function assertValidInterval(interval: Interval, field = 'window'): Span {
  const span = toSpan(interval);
  if (!Number.isFinite(span.start) || !Number.isFinite(span.end) || span.end <= span.start) {
    throw new InvalidSchedulingInputError(`${field} must have a valid start before its end`, { field });
  }
  return span;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return spanOverlaps(toSpan(a), toSpan(b));
}

export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  return mergeSpans(intervals.map(toSpan)).map(toInterval);
}

export function subtractIntervals(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  return subtractSpans(from.map(toSpan), remove.map(toSpan)).map(toInterval);
}

export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  return intersectSpans(a.map(toSpan), b.map(toSpan)).map(toInterval);
}

export function durationMinutes(interval: Interval): number {
  return (interval.end.getTime() - interval.start.getTime()) / 60_000;
}
