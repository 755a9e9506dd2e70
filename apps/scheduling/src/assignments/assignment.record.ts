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

/** A row of assignments as the pg driver returns it, with the practitioner's zone and the job's duration. */
export interface AssignmentRow {
  id: string;
  job_id: string;
  practitioner_id: string;
  provider_user_id: string;
  customer_id: string;
  status: AssignmentStatusName;
  schedule_version: number;
  proposed_start: Date | null;
  proposed_end: Date | null;
  schedule_proposed_by: ProposerSide | null;
  proposed_by_user_id: string | null;
  proposed_at: Date | null;
  scheduled_start: Date | null;
  scheduled_end: Date | null;
  confirmed_at: Date | null;
  booking_id: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  reminder_overdue: boolean;
  reminder_overdue_at: Date | null;
  created_at: Date;
  updated_at: Date;
  practitioner_time_zone: string;
  duration_minutes: number;
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
