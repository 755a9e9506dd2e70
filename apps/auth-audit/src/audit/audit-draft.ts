import { AuditEntry } from '@slotline/contracts';
import { redactNullableText, redactObject, redactText } from './audit-redactor';

/** An audit record before it joins the chain (no id, seq, recorded_at or hashes yet). */
export interface AuditDraft extends AuditEntry {
  occurred_at: Date;
}

/** The draft as it may be stored: PII masked, credentials gone, text safe for PostgreSQL. */
export function redactDraft(draft: AuditDraft): AuditDraft {
  return {
    ...draft,
    actor_id: redactNullableText(draft.actor_id),
    actor_role: redactNullableText(draft.actor_role),
    action: redactText(draft.action),
    resource_type: redactNullableText(draft.resource_type),
    resource_id: redactNullableText(draft.resource_id),
    ip: redactNullableText(draft.ip),
    user_agent: redactNullableText(draft.user_agent),
    trace_id: redactNullableText(draft.trace_id),
    request_id: redactNullableText(draft.request_id),
    metadata: redactObject(draft.metadata),
  };
}
