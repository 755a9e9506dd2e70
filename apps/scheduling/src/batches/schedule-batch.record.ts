import type {
  ConflictPolicyName,
  ScheduleBatchStatusName,
  ScheduleItemStatusName,
} from '@slotline/contracts';

export interface ScheduleBatchRecord {
  id: string;
  conflictPolicy: ConflictPolicyName;
  status: ScheduleBatchStatusName;
  requestedBy: string;
  requestId: string | null;
  stoppedAtPosition: number | null;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface ScheduleItemRecord {
  batchId: string;
  position: number;
  status: ScheduleItemStatusName;
  assignmentId: string | null;
  jobId: string | null;
  practitionerId: string | null;
  requestedStart: Date;
  requestedEnd: Date;
  bookedStart: Date | null;
  bookedEnd: Date | null;
  bookingId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number;
}

export type NewScheduleItem = Pick<
  ScheduleItemRecord,
  'position' | 'assignmentId' | 'jobId' | 'practitionerId' | 'requestedStart' | 'requestedEnd'
>;

/** How an item ended: booked (in some window), or not, with the taxonomy code saying why. */
export type ItemOutcome =
  | { status: 'booked'; start: Date; end: Date; bookingId: string; assignmentId: string }
  | { status: 'skipped' | 'failed'; code: string; message: string };

export type ProgressCounts = Record<ScheduleItemStatusName, number>;
