import { CursorPayload, encodeCursor } from './cursor';

/** One page of a list, as every list endpoint answers (GW-5). */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/**
 * Builds a page from `rows` fetched with `LIMIT limit + 1`: the extra row only tells that more exist.
 * `cursorOf` returns the sort key of a row; the next cursor points after the last item shown.
 */
export function paginate<T>(rows: readonly T[], limit: number, cursorOf: (row: T) => CursorPayload): Page<T> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows.slice();
  const last = items[items.length - 1];
  return {
    items,
    next_cursor: hasMore && last !== undefined ? encodeCursor(cursorOf(last)) : null,
    has_more: hasMore,
  };
}
