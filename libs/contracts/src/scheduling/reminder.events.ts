import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { defineEvent } from '../events/event-registry';

/** Kinds of reminder; one reminder per (assignment, kind) ever (SCH-9). */
export const REMINDER_KINDS = ['visit_upcoming', 'schedule_overdue'] as const;
export type ReminderKindName = (typeof REMINDER_KINDS)[number];

/**
 * The `data` of evt.scheduling.assignment.reminder_due.v1 (a visit is coming up) and
 * evt.scheduling.assignment.reminder_overdue.v1 (an assignment waited past the scheduling SLA).
 */
export class ReminderEventData {
  @IsUUID('all')
  reminder_id: string;

  @IsIn(REMINDER_KINDS)
  kind: ReminderKindName;

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

  /** The visit's zone (the practitioner's). */
  @IsString()
  time_zone: string;

  @IsInt()
  @Min(0)
  schedule_version: number;

  /** Set for visit_upcoming; null while awaiting a schedule. */
  @IsOptional()
  @IsISO8601()
  scheduled_start?: string | null;

  @IsOptional()
  @IsISO8601()
  scheduled_end?: string | null;

  /** When the assignment was accepted (the SLA clock's start), for schedule_overdue. */
  @IsOptional()
  @IsISO8601()
  awaiting_since?: string | null;
}

export const REMINDER_EVENTS = {
  due: defineEvent('evt.scheduling.assignment.reminder_due.v1', ReminderEventData),
  overdue: defineEvent('evt.scheduling.assignment.reminder_overdue.v1', ReminderEventData),
} as const;
