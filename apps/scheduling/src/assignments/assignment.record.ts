import type { AssignmentStatusName, ProposerSide } from '@slotline/contracts';

export interface AssignmentRecord {
  id: string;
  jobId: string;
  practitionerId: string;
  providerUserId: string;
  customerId: string;
  status: AssignmentStatusName;
  scheduleVersion: number;
  proposedStart: Date | null;
  proposedEnd: Date | null;
  proposedBy: ProposerSide | null;
  proposedByUserId: string | null;
  proposedAt: Date | null;
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  confirmedAt: Date | null;
  bookingId: string | null;
  rejectedAt: Date | null;
  rejectionReason: string | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  reminderOverdue: boolean;
  reminderOverdueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Joined: the practitioner's zone and the job's duration. */
  timeZone: string;
  durationMinutes: number;
}

/** Columns a state change may set; `updated_at` is always set. */
export type AssignmentChanges = Partial<
  Pick<
    AssignmentRecord,
    | 'status'
    | 'scheduleVersion'
    | 'proposedStart'
    | 'proposedEnd'
    | 'proposedBy'
    | 'proposedByUserId'
    | 'proposedAt'
    | 'scheduledStart'
    | 'scheduledEnd'
    | 'confirmedAt'
    | 'bookingId'
    | 'rejectedAt'
    | 'rejectionReason'
    | 'completedAt'
    | 'cancelledAt'
    | 'reminderOverdue'
    | 'reminderOverdueAt'
  >
>;

/** Clears a pending proposal. */
export const NO_PROPOSAL: AssignmentChanges = {
  proposedStart: null,
  proposedEnd: null,
  proposedBy: null,
  proposedByUserId: null,
  proposedAt: null,
};
