import { ScheduleBatchItemView, ScheduleBatchView } from '@slotline/contracts';
import { isoOrNull } from '../common/time-format';
import { ProgressCounts, ScheduleBatchRecord, ScheduleItemRecord } from './schedule-batch.record';

export function toScheduleBatchView(b: ScheduleBatchRecord, counts: ProgressCounts): ScheduleBatchView {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return {
    id: b.id,
    status: b.status,
    conflict_policy: b.conflictPolicy,
    progress: { total, ...counts },
    stopped_at_position: b.stoppedAtPosition,
    requested_by: b.requestedBy,
    created_at: b.createdAt.toISOString(),
    updated_at: b.updatedAt.toISOString(),
    finished_at: isoOrNull(b.finishedAt),
  };
}

export function toScheduleItemView(i: ScheduleItemRecord): ScheduleBatchItemView {
  return {
    position: i.position,
    status: i.status,
    assignment_id: i.assignmentId,
    job_id: i.jobId,
    practitioner_id: i.practitionerId,
    requested_start: i.requestedStart.toISOString(),
    requested_end: i.requestedEnd.toISOString(),
    booked_start: isoOrNull(i.bookedStart),
    booked_end: isoOrNull(i.bookedEnd),
    booking_id: i.bookingId,
    error_code: i.errorCode,
    error_message: i.errorMessage,
    attempts: i.attempts,
  };
}
