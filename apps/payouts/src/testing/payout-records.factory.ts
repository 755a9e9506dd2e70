import { uuidv7 } from '@slotline/persistence';
import type { PayoutRecord } from '../payouts/payout.record';

/** Test data only: a pending payout as `PayoutsRepository` returns it. */
export function aPayoutRecord(overrides: Partial<PayoutRecord> = {}): PayoutRecord {
  const now = new Date();
  return {
    id: uuidv7(),
    assignmentId: uuidv7(),
    jobId: uuidv7(),
    providerUserId: uuidv7(),
    practitionerId: uuidv7(),
    customerId: uuidv7(),
    amountMinor: 12_500,
    currency: 'GBP',
    status: 'pending',
    reason: null,
    reference: null,
    decidedBy: null,
    decidedRole: null,
    decidedAt: null,
    captureMethod: null,
    captureAttempts: 0,
    nextCaptureAt: null,
    lastCaptureError: null,
    capturedAt: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}
