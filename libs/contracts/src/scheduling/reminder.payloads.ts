import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../pagination/page-query.dto';
import type { Page } from '../pagination/page';
import { defineRpc } from '../rpc/define-rpc';
import { REMINDER_KINDS, ReminderKindName } from './reminder.events';
import { IsInstant } from './scheduling.validators';

/** `GET /v1/admin/reminders`: the reminder history (SCH-9), newest first. */
export class ReminderHistoryQuery extends PageQueryDto {
  @IsOptional()
  @IsUUID('all')
  assignment_id?: string;

  @IsOptional()
  @IsIn(REMINDER_KINDS)
  kind?: ReminderKindName;

  @IsOptional()
  @IsInstant()
  from?: string;

  @IsOptional()
  @IsInstant()
  to?: string;
}

export interface ReminderView {
  id: string;
  assignment_id: string;
  kind: ReminderKindName;
  /** The event that carried it to notifications. */
  event_id: string;
  /** The visit's start (visit_upcoming) or when the SLA ran out (schedule_overdue). */
  due_at: string | null;
  created_at: string;
}

export const REMINDER_BUCKETS = ['hour', 'day'] as const;
export type ReminderBucket = (typeof REMINDER_BUCKETS)[number];
export const MAX_REMINDER_BUCKETS = 24 * 93;

/** `GET /v1/admin/reminders/over-time`: reminders sent per hour or day over [from, to) (SCH-11). */
export class RemindersOverTimeQuery {
  @IsInstant()
  from: string;

  @IsInstant()
  to: string;

  @IsIn(REMINDER_BUCKETS)
  bucket: ReminderBucket;
}

export interface ReminderBucketView {
  /** Start of the bucket (UTC). */
  start: string;
  visit_upcoming: number;
  schedule_overdue: number;
  total: number;
}

export interface RemindersOverTimeView {
  from: string;
  to: string;
  bucket: ReminderBucket;
  buckets: ReminderBucketView[];
  total: number;
}

export const REMINDER_RPC = {
  history: defineRpc<ReminderHistoryQuery, Page<ReminderView>>('scheduling.reminders.list', {
    request: ReminderHistoryQuery,
    errors: ['VAL_CURSOR'],
  }),
  overTime: defineRpc<RemindersOverTimeQuery, RemindersOverTimeView>('scheduling.reminders.over_time', {
    request: RemindersOverTimeQuery,
    errors: ['BR_RULE_VIOLATED'],
  }),
} as const;
