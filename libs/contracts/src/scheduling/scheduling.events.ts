import type { EventActor } from '../events/event-envelope';
import type { AssignmentStatusName, JobStatusName, ProposerSide, ResourceKindName } from './scheduling.types';

/**
 * Every scheduling event carries what the audit log needs (AUTH-7): who acted, on what, and how it
 * ended. Times in event data are UTC instants (`…Z`); `time_zone` says where they are local.
 */
export interface SchedulingAuditFields {
  actor: EventActor | null;
  resource_type: 'job' | 'assignment' | 'booking' | 'resource' | 'time_off';
  resource_id: string;
  outcome: 'success';
}

/** evt.scheduling.job.{created,cancelled,requeued}.v1 */
export interface JobEventData extends SchedulingAuditFields {
  job_id: string;
  customer_id: string;
  status: JobStatusName;
  service_type: string;
  duration_minutes: number;
  price_amount: number;
  currency: string;
  reason?: string | null;
}

/**
 * evt.scheduling.assignment.{accepted,schedule_proposed,schedule_confirmed,rejected,completed,completed_early,cancelled}.v1
 * (`completed_early`: `reason` is the admin's override reason).
 * `schedule_version` rises with every change, so consumers can order updates (ICS SEQUENCE).
 */
export interface AssignmentEventData extends SchedulingAuditFields {
  assignment_id: string;
  job_id: string;
  practitioner_id: string;
  provider_user_id: string;
  customer_id: string;
  status: AssignmentStatusName;
  schedule_version: number;
  /** The practitioner's zone. */
  time_zone: string;
  price_amount: number;
  currency: string;
  proposed_start?: string | null;
  proposed_end?: string | null;
  proposed_by?: ProposerSide | null;
  scheduled_start?: string | null;
  scheduled_end?: string | null;
  /** On a confirmed reschedule: the window it replaced. */
  previous_start?: string | null;
  previous_end?: string | null;
  rescheduled?: boolean;
  reason?: string | null;
}

/** evt.scheduling.booking.{created,released}.v1 — one booking holds all of its resources. */
export interface BookingEventData extends SchedulingAuditFields {
  booking_id: string;
  assignment_id: string;
  start: string;
  end: string;
  resources: Array<{ resource_id: string; resource_kind: ResourceKindName }>;
  reason?: string | null;
}

/** evt.scheduling.resource.{created,updated,deactivated}.v1 */
export interface ResourceEventData extends SchedulingAuditFields {
  kind: ResourceKindName;
  name: string;
  user_id: string | null;
  time_zone: string;
  /** Names of the fields that changed (updates only). */
  changed?: string[];
}

/** evt.scheduling.time_off.{added,removed}.v1 */
export interface TimeOffEventData extends SchedulingAuditFields {
  time_off_id: string;
  owner_id: string;
  owner_kind: ResourceKindName;
  start: string;
  end: string;
}
