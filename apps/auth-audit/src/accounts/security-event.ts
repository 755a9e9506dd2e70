import {
  AuthEventOutcome,
  AuthSecurityEventData,
  AuthSecurityEventType,
  CallMeta,
  Role,
} from '@slotline/contracts';
import { NewEvent } from '@slotline/messaging';

export interface SecurityEventInput {
  type: AuthSecurityEventType;
  /** Who acted; null when nobody is authenticated. */
  actor: { user_id: string; role: Role } | null;
  /** The account concerned. */
  userId: string | null;
  resource: { type: AuthSecurityEventData['resource_type']; id: string | null };
  outcome: AuthEventOutcome;
  client: { ip?: string | null; user_agent?: string | null };
  reason?: string;
  metadata?: AuthSecurityEventData['metadata'];
  meta: CallMeta;
}

/**
 * One shape for every auth security event, so the audit log reads them alike. Only ids, roles and
 * client facts go in: never an email, token, code or secret (AUTH-7).
 */
export function securityEvent(input: SecurityEventInput): NewEvent<AuthSecurityEventType> {
  return {
    type: input.type,
    actor: input.actor,
    request_id: input.meta.request_id,
    traceparent: input.meta.traceparent,
    idempotency_key: input.meta.idempotency_key,
    data: {
      actor_id: input.actor?.user_id ?? null,
      actor_role: input.actor?.role ?? null,
      user_id: input.userId,
      resource_type: input.resource.type,
      resource_id: input.resource.id,
      outcome: input.outcome,
      ip: input.client.ip ?? null,
      user_agent: input.client.user_agent ?? null,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
    },
  };
}
