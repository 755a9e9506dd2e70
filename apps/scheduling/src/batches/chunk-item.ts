import { CallMeta } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';
import { scheduleAssignment, ScheduleTransition } from '../domain';
import { sideOf } from '../assignments/assignment-access';
import { AssignmentRecord } from '../assignments/assignment.record';
import { bookingRequestFor } from '../assignments/commands/confirm-schedule/book-assignment';
import { JobRecord } from '../jobs/job.record';
import { ResourceRecord } from '../resources/resource.record';
import { ScheduleItemRecord } from './schedule-batch.record';

/**
 * Why a chunk is worked item by item instead: `refused`, some item would not be booked (its outcome and
 * code come from the item path, exactly as before); `other`, the chunk holds what this path does not
 * plan (job items, reschedules).
 */
export type ItemPathReason = 'refused' | 'other';

/** A resource an item would hold, as it names it (SchedulingService checks the same id and kind). */
export type ResourceWanted = Pick<ResourceRecord, 'id' | 'kind'>;

/** An assignment item of a chunk ready to plan: what it would hold, its booking's id and its transition. */
export interface PlannedItem {
  item: ScheduleItemRecord;
  assignment: AssignmentRecord;
  job: JobRecord;
  wanted: ResourceWanted[];
  bookingId: string;
  transition: ScheduleTransition;
}

/**
 * An assignment item ready to plan, or why it goes to the item path: `refused` for what the item path
 * refuses (unknown or foreign assignment, a state that cannot be scheduled, a window of the wrong length),
 * `other` for a reschedule.
 */
export function prepareAssignmentItem(
  item: ScheduleItemRecord,
  row: { assignment: AssignmentRecord; job: JobRecord } | undefined,
  meta: CallMeta,
  now: Date,
): PlannedItem | ItemPathReason {
  if (!row || !meta.actor || !sideOf(meta.actor, row.assignment)) return 'refused';
  const { assignment, job } = row;
  if (assignment.status === 'scheduled') return 'other';
  if (assignment.status !== 'awaiting_schedule') return 'refused';
  const window = { start: item.requestedStart, end: item.requestedEnd };
  const minutes = (window.end.getTime() - window.start.getTime()) / 60_000;
  if (minutes !== assignment.durationMinutes) return 'refused';
  const request = bookingRequestFor(job, assignment, window);
  const bookingId = uuidv7();
  return {
    item,
    assignment,
    job,
    bookingId,
    wanted: [
      { id: request.practitionerId, kind: 'practitioner' },
      ...(request.roomId ? [{ id: request.roomId, kind: 'room' as const }] : []),
      ...[...new Set(request.equipmentIds ?? [])].map((id) => ({ id, kind: 'equipment' as const })),
    ],
    transition: scheduleAssignment(assignment, { window, bookingId, now }),
  };
}

/** As SchedulingService refuses a resource: missing, of another kind, or deactivated. */
export function isUsable(r: ResourceRecord | undefined, wanted: ResourceWanted): boolean {
  return r !== undefined && r.kind === wanted.kind && r.active;
}
