import { PayoutAlreadyDecidedError, PayoutNotSettleableError } from './payout-domain.errors';

export type PayoutStatus = 'pending' | 'approved' | 'captured' | 'failed' | 'denied';
export type CaptureMethod = 'stripe' | 'manual';

/** What a payout looks like to the rules: its state and how its money moves. */
export interface PayoutState {
  status: PayoutStatus;
  captureMethod: CaptureMethod | null;
  reference: string | null;
}

/** `apply` moves the payout to `to`; `unchanged` answers with the payout as it is (a harmless repeat). */
export type Decision = { kind: 'apply'; to: PayoutStatus } | { kind: 'unchanged' };

const APPLY = (to: PayoutStatus): Decision => ({ kind: 'apply', to });
const UNCHANGED: Decision = { kind: 'unchanged' };

/**
 * PAY-2: pending → approved. Approving again is harmless whatever capture made of it since (approved,
 * captured, failed all began with an approval); approving a denied payout lost the race → 409.
 */
export function approve(p: PayoutState): Decision {
  if (p.status === 'pending') return APPLY('approved');
  if (p.status === 'denied') throw new PayoutAlreadyDecidedError(p.status, 'approved');
  return UNCHANGED;
}

/** PAY-2: pending → denied. Denying again is harmless; denying an approved payout lost the race → 409. */
export function deny(p: PayoutState): Decision {
  if (p.status === 'pending') return APPLY('denied');
  if (p.status === 'denied') return UNCHANGED;
  throw new PayoutAlreadyDecidedError(p.status, 'denied');
}

/**
 * PAY-3 manual fallback: approved (waiting for a manual settlement) → captured with the reference.
 * Settling again with the same reference is harmless; any other reference is a second settlement → 409.
 */
export function settle(p: PayoutState, reference: string): Decision {
  if (p.status === 'captured' && p.captureMethod === 'manual') {
    if (p.reference === reference) return UNCHANGED;
    throw new PayoutAlreadyDecidedError(p.status, 'settled again');
  }
  if (p.status === 'approved' && p.captureMethod === 'manual') return APPLY('captured');
  if (p.status === 'denied' || p.status === 'captured' || p.status === 'failed')
    throw new PayoutAlreadyDecidedError(p.status, 'settled');
  throw new PayoutNotSettleableError(p.status, p.captureMethod);
}
