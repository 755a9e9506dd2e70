import type { JobStatusName } from '@slotline/contracts';
import type { Interval } from '../domain';

export interface JobRecord {
  id: string;
  customerId: string;
  serviceType: string;
  durationMinutes: number;
  /** Integer minor units. */
  priceAmount: number;
  currency: string;
  timeZone: string;
  roomId: string | null;
  equipmentIds: string[];
  preferredWindows: Interval[];
  notes: string | null;
  status: JobStatusName;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  completedAt: Date | null;
  /** The live (awaiting_schedule or scheduled) assignment, if any. */
  liveAssignmentId: string | null;
}

export type NewJob = Omit<
  JobRecord,
  'status' | 'cancelReason' | 'createdAt' | 'updatedAt' | 'cancelledAt' | 'completedAt' | 'liveAssignmentId'
>;
