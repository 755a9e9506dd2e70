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

/** A row of jobs as the pg driver returns it (bigint as string), with the live assignment joined in. */
export interface JobRow {
  id: string;
  customer_id: string;
  service_type: string;
  duration_minutes: number;
  price_amount: string;
  currency: string;
  time_zone: string;
  room_id: string | null;
  equipment_ids: string[] | null;
  preferred_windows: Array<{ start: string; end: string }>;
  notes: string | null;
  status: JobStatusName;
  cancel_reason: string | null;
  created_at: Date;
  updated_at: Date;
  cancelled_at: Date | null;
  completed_at: Date | null;
  live_assignment_id: string | null;
}

export type NewJob = Omit<
  JobRecord,
  'status' | 'cancelReason' | 'createdAt' | 'updatedAt' | 'cancelledAt' | 'completedAt' | 'liveAssignmentId'
>;
