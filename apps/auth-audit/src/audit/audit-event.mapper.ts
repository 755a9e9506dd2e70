import { AUDIT_OUTCOMES, AuditOutcome, EventEnvelope } from '@slotline/contracts';
import { AuditDraft } from './audit-draft';

// Fields of `data` that become columns rather than metadata.
const PROMOTED = [
  'action',
  'actor_id',
  'actor_role',
  'resource_type',
  'resource_id',
  'outcome',
  'ip',
  'user_agent',
] as const;
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** `evt.auth.session.login_succeeded.v1` → `auth.session.login_succeeded`. */
export function actionOf(type: string): string {
  return type.replace(/^evt\./, '').replace(/\.v\d+$/, '');
}

/**
 * Turns any domain event into an audit record. Events may say who, what and how it went explicitly
 * (`data.action`, `data.actor_id`, `data.resource_type`, `data.resource_id`, `data.outcome`, `data.ip`,
 * `data.user_agent`); otherwise it is derived: the actor from the envelope, the resource from the
 * event's aggregate and its `<aggregate>_id`, the outcome from the event name. Shapes it does not
 * know are still recorded, with the whole payload as metadata. Redaction happens later, at write.
 */
export function auditDraftFromEvent(event: EventEnvelope): AuditDraft {
  const derived = actionOf(event.type);
  const [, aggregate = null, name = ''] = derived.split('.');
  const data = isRecord(event.data) ? event.data : null;
  const rest = data
    ? Object.fromEntries(Object.entries(data).filter(([k]) => !(PROMOTED as readonly string[]).includes(k)))
    : null;

  return {
    occurred_at: new Date(event.occurred_at),
    actor_id: event.actor?.user_id ?? str(data?.actor_id),
    actor_role: event.actor?.role ?? str(data?.actor_role),
    action: actionName(data?.action) ?? derived,
    resource_type: str(data?.resource_type) ?? aggregate,
    resource_id:
      str(data?.resource_id) ?? (aggregate ? str(data?.[`${aggregate}_id`]) : null) ?? str(data?.id),
    outcome: outcomeOf(data?.outcome, name),
    ip: str(data?.ip),
    user_agent: str(data?.user_agent),
    trace_id: traceIdOf(event.traceparent),
    request_id: event.request_id ?? null,
    metadata: { event_type: event.type, producer: event.producer, data: rest ?? event.data ?? null },
    source_event_id: event.id.toLowerCase(),
  };
}

/** An action an event names itself (`rbac_deny`), if it has the shape the audit-log filter accepts. */
function actionName(value: unknown): string | null {
  return typeof value === 'string' && /^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(value) ? value : null;
}

function outcomeOf(explicit: unknown, eventName: string): AuditOutcome {
  if (AUDIT_OUTCOMES.includes(explicit as AuditOutcome)) return explicit as AuditOutcome;
  // `payouts.payout.denied` is an admin's decision that succeeded; only refused access is 'denied'.
  if (/(^|_)(failed|failure|reused)$/.test(eventName)) return 'failure';
  return 'success';
}

function traceIdOf(traceparent: string | null | undefined): string | null {
  return TRACEPARENT.exec(traceparent ?? '')?.[1] ?? null;
}

function str(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
