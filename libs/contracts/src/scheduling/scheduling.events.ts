import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EventActorData } from '../events/event-actor';
import { defineEvent } from '../events/event-registry';
import { SCHEDULING_EVENTS } from './scheduling.subjects';
import {
  ASSIGNMENT_STATUSES,
  AssignmentStatusName,
  JOB_STATUSES,
  JobStatusName,
  PROPOSER_SIDES,
  ProposerSide,
  RESOURCE_KINDS,
  ResourceKindName,
} from './scheduling.types';

const CURRENCY_CODE = /^[A-Z]{3}$/;
const RESOURCE_TYPES = ['job', 'assignment', 'booking', 'resource', 'time_off'] as const;

/**
 * Every scheduling event carries what the audit log needs (AUTH-7): who acted, on what, and how it
 * ended. Times in event data are UTC instants (`…Z`); `time_zone` says where they are local.
 */
export class SchedulingAuditFields {
  @IsOptional()
  @ValidateNested()
  @Type(() => EventActorData)
  actor: EventActorData | null;

  @IsIn(RESOURCE_TYPES)
  resource_type: (typeof RESOURCE_TYPES)[number];

  @IsUUID('all')
  resource_id: string;

  @IsIn(['success'])
  outcome: 'success';
}

/** evt.scheduling.job.{created,cancelled,requeued}.v1 */
export class JobEventData extends SchedulingAuditFields {
  @IsUUID('all')
  job_id: string;

  @IsUUID('all')
  customer_id: string;

  @IsIn(JOB_STATUSES)
  status: JobStatusName;

  @IsString()
  service_type: string;

  @IsInt()
  @Min(1)
  duration_minutes: number;

  /** Minor units. */
  @IsInt()
  @Min(0)
  price_amount: number;

  @Matches(CURRENCY_CODE)
  currency: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string | null;
}

/**
 * evt.scheduling.assignment.{accepted,schedule_proposed,schedule_confirmed,rejected,completed,completed_early,cancelled}.v1
 * (`completed_early`: `reason` is the admin's override reason).
 * `schedule_version` rises with every change, so consumers can order updates (ICS SEQUENCE).
 */
export class AssignmentEventData extends SchedulingAuditFields {
  @IsUUID('all')
  assignment_id: string;

  @IsUUID('all')
  job_id: string;

  @IsUUID('all')
  practitioner_id: string;

  @IsUUID('all')
  provider_user_id: string;

  @IsUUID('all')
  customer_id: string;

  @IsIn(ASSIGNMENT_STATUSES)
  status: AssignmentStatusName;

  @IsInt()
  @Min(0)
  schedule_version: number;

  /** The practitioner's zone. */
  @IsString()
  time_zone: string;

  /** Minor units. */
  @IsInt()
  @Min(0)
  price_amount: number;

  @Matches(CURRENCY_CODE)
  currency: string;

  @IsOptional()
  @IsISO8601()
  proposed_start?: string | null;

  @IsOptional()
  @IsISO8601()
  proposed_end?: string | null;

  @IsOptional()
  @IsIn(PROPOSER_SIDES)
  proposed_by?: ProposerSide | null;

  @IsOptional()
  @IsISO8601()
  scheduled_start?: string | null;

  @IsOptional()
  @IsISO8601()
  scheduled_end?: string | null;

  /** On a confirmed reschedule: the window it replaced. */
  @IsOptional()
  @IsISO8601()
  previous_start?: string | null;

  @IsOptional()
  @IsISO8601()
  previous_end?: string | null;

  @IsOptional()
  @IsBoolean()
  rescheduled?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string | null;
}

export class BookedResource {
  @IsUUID('all')
  resource_id: string;

  @IsIn(RESOURCE_KINDS)
  resource_kind: ResourceKindName;
}

/** evt.scheduling.booking.{created,released}.v1 — one booking holds all of its resources. */
export class BookingEventData extends SchedulingAuditFields {
  @IsUUID('all')
  booking_id: string;

  @IsUUID('all')
  assignment_id: string;

  @IsISO8601()
  start: string;

  @IsISO8601()
  end: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BookedResource)
  resources: BookedResource[];

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string | null;
}

/** evt.scheduling.resource.{created,updated,deactivated}.v1 */
export class ResourceEventData extends SchedulingAuditFields {
  @IsIn(RESOURCE_KINDS)
  kind: ResourceKindName;

  @IsString()
  name: string;

  @IsOptional()
  @IsUUID('all')
  user_id: string | null;

  @IsString()
  time_zone: string;

  /** Names of the fields that changed (updates only). */
  @IsOptional()
  @IsString({ each: true })
  changed?: string[];
}

/** evt.scheduling.time_off.{added,removed}.v1 */
export class TimeOffEventData extends SchedulingAuditFields {
  @IsUUID('all')
  time_off_id: string;

  @IsUUID('all')
  owner_id: string;

  @IsIn(RESOURCE_KINDS)
  owner_kind: ResourceKindName;

  @IsISO8601()
  start: string;

  @IsISO8601()
  end: string;
}

const S = SCHEDULING_EVENTS;

/** The payload class of every scheduling event (SCHEDULING_EVENTS holds the same type names). */
export const SCHEDULING_EVENT_CONTRACTS = {
  jobCreated: defineEvent(S.jobCreated, JobEventData),
  jobCancelled: defineEvent(S.jobCancelled, JobEventData),
  jobRequeued: defineEvent(S.jobRequeued, JobEventData),
  assignmentAccepted: defineEvent(S.assignmentAccepted, AssignmentEventData),
  scheduleProposed: defineEvent(S.scheduleProposed, AssignmentEventData),
  scheduleConfirmed: defineEvent(S.scheduleConfirmed, AssignmentEventData),
  assignmentRejected: defineEvent(S.assignmentRejected, AssignmentEventData),
  assignmentCompleted: defineEvent(S.assignmentCompleted, AssignmentEventData),
  assignmentCompletedEarly: defineEvent(S.assignmentCompletedEarly, AssignmentEventData),
  assignmentCancelled: defineEvent(S.assignmentCancelled, AssignmentEventData),
  bookingCreated: defineEvent(S.bookingCreated, BookingEventData),
  bookingReleased: defineEvent(S.bookingReleased, BookingEventData),
  resourceCreated: defineEvent(S.resourceCreated, ResourceEventData),
  resourceUpdated: defineEvent(S.resourceUpdated, ResourceEventData),
  resourceDeactivated: defineEvent(S.resourceDeactivated, ResourceEventData),
  timeOffAdded: defineEvent(S.timeOffAdded, TimeOffEventData),
  timeOffRemoved: defineEvent(S.timeOffRemoved, TimeOffEventData),
} as const;
