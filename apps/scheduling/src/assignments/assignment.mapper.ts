import { AssignmentView } from '@slotline/contracts';
import { isoOrNull, localOrNull } from '../common/time-format';
import { AssignmentRecord } from './assignment.record';

/** Visit times carry the practitioner's offset; bookkeeping times are UTC. */
export function toAssignmentView(a: AssignmentRecord): AssignmentView {
  return {
    id: a.id,
    job_id: a.jobId,
    practitioner_id: a.practitionerId,
    provider_user_id: a.providerUserId,
    customer_id: a.customerId,
    status: a.status,
    time_zone: a.timeZone,
    duration_minutes: a.durationMinutes,
    schedule_version: a.scheduleVersion,
    proposed_start: localOrNull(a.proposedStart, a.timeZone),
    proposed_end: localOrNull(a.proposedEnd, a.timeZone),
    schedule_proposed_by: a.proposedBy,
    proposed_at: isoOrNull(a.proposedAt),
    scheduled_start: localOrNull(a.scheduledStart, a.timeZone),
    scheduled_end: localOrNull(a.scheduledEnd, a.timeZone),
    confirmed_at: isoOrNull(a.confirmedAt),
    rejected_at: isoOrNull(a.rejectedAt),
    rejection_reason: a.rejectionReason,
    completed_at: isoOrNull(a.completedAt),
    cancelled_at: isoOrNull(a.cancelledAt),
    reminder_overdue: a.reminderOverdue,
    reminder_overdue_at: isoOrNull(a.reminderOverdueAt),
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}
