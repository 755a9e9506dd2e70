/** Audit events published straight to JetStream by apps without an outbox (the gateway). */
export const AUDIT_EVENTS = {
  accessDenied: 'evt.gateway.access.denied.v1',
} as const;

/** The audit action (and log event) of an access denial (GW-2). */
export const RBAC_DENY_ACTION = 'rbac_deny';

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
