import { JobView } from '@slotline/contracts';
import { formatInstant } from '../domain';
import { isoOrNull } from '../common/time-format';
import { JobRecord } from './job.record';

export function toJobView(j: JobRecord): JobView {
  return {
    id: j.id,
    customer_id: j.customerId,
    service_type: j.serviceType,
    duration_minutes: j.durationMinutes,
    price_amount: j.priceAmount,
    currency: j.currency,
    time_zone: j.timeZone,
    room_id: j.roomId,
    equipment_ids: j.equipmentIds,
    preferred_windows: j.preferredWindows.map((w) => ({
      start: formatInstant(w.start, j.timeZone),
      end: formatInstant(w.end, j.timeZone),
    })),
    notes: j.notes,
    status: j.status,
    assignment_id: j.liveAssignmentId,
    created_at: j.createdAt.toISOString(),
    updated_at: j.updatedAt.toISOString(),
    cancelled_at: isoOrNull(j.cancelledAt),
    completed_at: isoOrNull(j.completedAt),
  };
}
