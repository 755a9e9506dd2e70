import { AssignmentEventData, BookingEventData, CallMeta } from '@slotline/contracts';
import { auditActor } from '../common/call-context';
import { isoOrNull } from '../common/time-format';
import { JobRecord } from '../jobs/job.record';
import { AssignmentRecord } from './assignment.record';

export function assignmentEvent(
  meta: CallMeta,
  a: AssignmentRecord,
  job: Pick<JobRecord, 'priceAmount' | 'currency'>,
  extra: Partial<AssignmentEventData> = {},
): AssignmentEventData {
  return {
    actor: auditActor(meta),
    resource_type: 'assignment',
    resource_id: a.id,
    outcome: 'success',
    assignment_id: a.id,
    job_id: a.jobId,
    practitioner_id: a.practitionerId,
    provider_user_id: a.providerUserId,
    customer_id: a.customerId,
    status: a.status,
    schedule_version: a.scheduleVersion,
    time_zone: a.timeZone,
    price_amount: job.priceAmount,
    currency: job.currency,
    proposed_start: isoOrNull(a.proposedStart),
    proposed_end: isoOrNull(a.proposedEnd),
    proposed_by: a.proposedBy,
    scheduled_start: isoOrNull(a.scheduledStart),
    scheduled_end: isoOrNull(a.scheduledEnd),
    ...extra,
  };
}

export function bookingEvent(
  meta: CallMeta,
  booking: {
    id: string;
    assignmentId: string;
    start: Date;
    end: Date;
    resources: Array<{ resourceId: string; kind: BookingEventData['resources'][number]['resource_kind'] }>;
  },
  reason?: string,
): BookingEventData {
  return {
    actor: auditActor(meta),
    resource_type: 'booking',
    resource_id: booking.id,
    outcome: 'success',
    booking_id: booking.id,
    assignment_id: booking.assignmentId,
    start: booking.start.toISOString(),
    end: booking.end.toISOString(),
    resources: booking.resources.map((r) => ({ resource_id: r.resourceId, resource_kind: r.kind })),
    ...(reason !== undefined && { reason }),
  };
}
