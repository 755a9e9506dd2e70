export type ConflictPolicy = 'fail' | 'skip' | 'next_available';

/**
 * A window conflict: the window itself cannot be had (a resource is busy, off, or not working then),
 * while another window might. Anything else (unknown assignment, wrong state, inactive practitioner)
 * is wrong with the item whatever the window.
 */
const WINDOW_CONFLICTS: ReadonlySet<string> = new Set([
  'CF_PRACTITIONER_BUSY',
  'CF_ROOM_BUSY',
  'CF_RESOURCE_BUSY',
  'BR_OUTSIDE_WORKING_HOURS',
  'BR_RESOURCE_TIME_OFF',
]);

export function isWindowConflict(code: string): boolean {
  return WINDOW_CONFLICTS.has(code);
}

/** What a batch does next after an item was refused with `code`. */
export type RefusalDecision =
  { item: 'skipped' | 'failed'; batch: 'continue' | 'stop' } | { item: 'retry_next_available' };

/**
 * SCH-8 conflict policies. `fail` stops at the first item not booked, whatever the reason; `skip` goes
 * on, recording a conflict as skipped and anything else as failed; `next_available` tries the nearest
 * free window for a conflict (once none is left, the item is skipped) and records other refusals as
 * failed.
 */
export function decideRefusal(
  policy: ConflictPolicy,
  code: string,
  alternativeLeft: boolean,
): RefusalDecision {
  const conflict = isWindowConflict(code);
  switch (policy) {
    case 'fail':
      return { item: conflict ? 'skipped' : 'failed', batch: 'stop' };
    case 'skip':
      return { item: conflict ? 'skipped' : 'failed', batch: 'continue' };
    case 'next_available':
      if (conflict && alternativeLeft) return { item: 'retry_next_available' };
      return { item: conflict ? 'skipped' : 'failed', batch: 'continue' };
  }
}
