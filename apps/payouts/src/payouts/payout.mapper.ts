import { PayoutEventData, PayoutView } from '@slotline/contracts';
import { PayoutRecord } from './payout.record';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The whitelist of what callers see of a payout (no lease or retry internals beyond the attempt count). */
export function toPayoutView(p: PayoutRecord): PayoutView {
  return {
    id: p.id,
    assignment_id: p.assignmentId,
    job_id: p.jobId,
    provider_user_id: p.providerUserId,
    practitioner_id: p.practitionerId,
    customer_id: p.customerId,
    amount_minor: p.amountMinor,
    currency: p.currency,
    status: p.status,
    capture_method: p.captureMethod,
    capture_attempts: p.captureAttempts,
    reason: p.reason,
    reference: p.reference,
    decided_by: p.decidedBy,
    decided_at: iso(p.decidedAt),
    captured_at: iso(p.capturedAt),
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

/** The `data` of every evt.payouts.payout.*.v1; `actor` is whoever decided, null for the capture worker. */
export function toPayoutEventData(p: PayoutRecord, actor: PayoutEventData['actor']): PayoutEventData {
  return {
    payout_id: p.id,
    assignment_id: p.assignmentId,
    job_id: p.jobId,
    provider_user_id: p.providerUserId,
    practitioner_id: p.practitionerId,
    customer_id: p.customerId,
    amount_minor: p.amountMinor,
    currency: p.currency,
    status: p.status,
    reason: p.reason,
    reference: p.reference,
    actor,
    occurred_at: p.updatedAt.toISOString(),
  };
}
