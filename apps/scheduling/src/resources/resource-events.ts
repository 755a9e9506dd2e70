import { CallMeta, ResourceEventData, TimeOffEventData } from '@slotline/contracts';
import { auditActor } from '../common/call-context';
import { ResourceRecord } from './resource.record';

export function resourceEvent(meta: CallMeta, r: ResourceRecord): ResourceEventData {
  return {
    actor: auditActor(meta),
    resource_type: 'resource',
    resource_id: r.id,
    outcome: 'success',
    kind: r.kind,
    name: r.name,
    user_id: r.userId,
    time_zone: r.timeZone,
  };
}

export function timeOffEvent(
  meta: CallMeta,
  r: ResourceRecord,
  timeOffId: string,
  start: Date,
  end: Date,
): TimeOffEventData {
  return {
    actor: auditActor(meta),
    resource_type: 'time_off',
    resource_id: timeOffId,
    outcome: 'success',
    time_off_id: timeOffId,
    owner_id: r.id,
    owner_kind: r.kind,
    start: start.toISOString(),
    end: end.toISOString(),
  };
}

export function toSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
