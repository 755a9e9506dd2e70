/**
 * Half-open [start, end) ranges in epoch milliseconds: the engine's internal currency. Plain numbers keep
 * the interval arithmetic fast enough for 50 resources × a month; `Interval` (with Dates) is the public face.
 */
export interface Span {
  start: number;
  end: number;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export function spanOverlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sorted, with overlapping and touching spans joined, empty spans dropped. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ start: span.start, end: span.end });
  }
  return merged;
}

/** What is left of `from` once every span of `remove` is cut out. */
export function subtractSpans(from: readonly Span[], remove: readonly Span[]): Span[] {
  const cuts = mergeSpans(remove);
  const result: Span[] = [];
  for (const base of mergeSpans(from)) {
    let cursor = base.start;
    for (const cut of cuts) {
      if (cut.end <= cursor) continue;
      if (cut.start >= base.end) break;
      if (cut.start > cursor) result.push({ start: cursor, end: cut.start });
      cursor = Math.max(cursor, cut.end);
      if (cursor >= base.end) break;
    }
    if (cursor < base.end) result.push({ start: cursor, end: base.end });
  }
  return result;
}

/** The parts covered by both lists (two-pointer sweep over the merged lists). */
export function intersectSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  const left = mergeSpans(a);
  const right = mergeSpans(b);
  const result: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const start = Math.max(left[i].start, right[j].start);
    const end = Math.min(left[i].end, right[j].end);
    if (start < end) result.push({ start, end });
    if (left[i].end < right[j].end) i++;
    else j++;
  }
  return result;
}

export function clipSpans(spans: readonly Span[], range: Span): Span[] {
  return intersectSpans(spans, [range]);
}

export function containsSpan(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function totalMs(spans: readonly Span[]): number {
  return mergeSpans(spans).reduce((sum, s) => sum + (s.end - s.start), 0);
}

export function widenSpan(span: Span, beforeMs: number, afterMs: number): Span {
  return { start: span.start - beforeMs, end: span.end + afterMs };
}
