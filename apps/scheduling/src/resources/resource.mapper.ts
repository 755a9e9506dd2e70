import { ResourceView, TimeOffView } from '@slotline/contracts';
import { formatInstant } from '../domain';
import { ResourceRecord, TimeOffRecord } from './resource.record';

export function toResourceView(r: ResourceRecord): ResourceView {
  return {
    id: r.id,
    kind: r.kind,
    user_id: r.userId,
    name: r.name,
    time_zone: r.timeZone,
    weekly_hours: r.weeklyHours,
    buffer_before_minutes: r.bufferBeforeMinutes,
    buffer_after_minutes: r.bufferAfterMinutes,
    active: r.active,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

/** Time off is shown in its resource's zone. */
export function toTimeOffView(t: TimeOffRecord, timeZone: string): TimeOffView {
  return {
    id: t.id,
    resource_id: t.resourceId,
    start: formatInstant(t.start, timeZone),
    end: formatInstant(t.end, timeZone),
    reason: t.reason,
    created_at: t.createdAt.toISOString(),
  };
}
