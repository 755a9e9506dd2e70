import type { CaptureMethod, PayoutState, PayoutStatus } from '../domain';

/** A row of payouts.payouts, in the service's own terms. */
export interface PayoutRecord extends PayoutState {
  id: string;
  assignmentId: string;
  jobId: string;
  providerUserId: string;
  practitionerId: string;
  customerId: string;
  amountMinor: number;
  currency: string;
  status: PayoutStatus;
  reason: string | null;
  reference: string | null;
  decidedBy: string | null;
  decidedRole: string | null;
  decidedAt: Date | null;
  captureMethod: CaptureMethod | null;
  captureAttempts: number;
  nextCaptureAt: Date | null;
  lastCaptureError: string | null;
  capturedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewPayout = Pick<
  PayoutRecord,
  | 'id'
  | 'assignmentId'
  | 'jobId'
  | 'providerUserId'
  | 'practitionerId'
  | 'customerId'
  | 'amountMinor'
  | 'currency'
>;
