import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsUUID,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { PageQueryDto } from '../pagination/page-query.dto';
import { IsInstant } from './scheduling.validators';

/** SCH-8: how many schedule requests one batch may carry. */
export const SCHEDULE_BATCH_MAX_ITEMS = 1000;

/**
 * What a batch does with an item whose window cannot be booked: `fail` stops the batch there (items
 * before it stay booked), `skip` records it and goes on, `next_available` books the nearest free window
 * of the same length for the same resources instead.
 */
export const CONFLICT_POLICIES = ['fail', 'skip', 'next_available'] as const;
export type ConflictPolicyName = (typeof CONFLICT_POLICIES)[number];

export const SCHEDULE_BATCH_STATUSES = ['pending', 'running', 'completed', 'stopped'] as const;
export type ScheduleBatchStatusName = (typeof SCHEDULE_BATCH_STATUSES)[number];

/** `not_attempted`: left behind by a `fail` batch that stopped before it. */
export const SCHEDULE_ITEM_STATUSES = ['pending', 'booked', 'skipped', 'failed', 'not_attempted'] as const;
export type ScheduleItemStatusName = (typeof SCHEDULE_ITEM_STATUSES)[number];

function EndsAfterStart(): PropertyDecorator {
  return ValidateBy({
    name: 'endsAfterStart',
    validator: {
      validate: (end: unknown, args?: ValidationArguments) => {
        const start = (args?.object as { start?: unknown }).start;
        return typeof end === 'string' && typeof start === 'string' && Date.parse(end) > Date.parse(start);
      },
      defaultMessage: () => 'end must be after start',
    },
  });
}

/** A field that must be absent when `other` is given: an item names an assignment or a job, not both. */
function AbsentWith(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'absentWith',
    constraints: [other],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        value === undefined || (args?.object as Record<string, unknown>)[other] === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must not be given together with ${other}`,
    },
  });
}

export class ScheduleWindowDto {
  @IsInstant()
  start: string;

  /** The visit's end; start to end must be the job's duration. */
  @IsInstant()
  @EndsAfterStart()
  end: string;
}

/** One schedule request: an existing assignment and a window, or a job, a practitioner and a window. */
export class ScheduleBatchItemDto {
  @ValidateIf((o: ScheduleBatchItemDto) => o.job_id === undefined || o.assignment_id !== undefined)
  @IsUUID('all', { message: 'assignment_id must be a UUID (or give job_id and practitioner_id)' })
  @AbsentWith('job_id')
  assignment_id?: string;

  @ValidateIf((o: ScheduleBatchItemDto) => o.assignment_id === undefined)
  @IsUUID('all', { message: 'job_id must be a UUID' })
  job_id?: string;

  @ValidateIf((o: ScheduleBatchItemDto) => o.assignment_id === undefined)
  @IsUUID('all', { message: 'practitioner_id must be a UUID' })
  practitioner_id?: string;

  @ValidateNested()
  @Type(() => ScheduleWindowDto)
  window: ScheduleWindowDto;
}

/** The key two items may not share: one assignment (or one job) is scheduled once per batch. */
export function scheduleItemKey(item: ScheduleBatchItemDto): string {
  return item.assignment_id !== undefined ? `assignment:${item.assignment_id}` : `job:${item.job_id}`;
}

export class CreateScheduleBatchBody {
  @IsIn(CONFLICT_POLICIES)
  conflict_policy: ConflictPolicyName;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCHEDULE_BATCH_MAX_ITEMS)
  @ArrayUnique(scheduleItemKey, { message: 'items must not name the same assignment or job twice' })
  @ValidateNested({ each: true })
  @Type(() => ScheduleBatchItemDto)
  items: ScheduleBatchItemDto[];
}

export class ScheduleBatchRef {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class ListScheduleBatchItemsQuery extends PageQueryDto {
  @IsOptional()
  @IsIn(SCHEDULE_ITEM_STATUSES)
  status?: ScheduleItemStatusName;
}

export class ListScheduleBatchItemsCommand extends ListScheduleBatchItemsQuery {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export interface ScheduleBatchProgressView {
  total: number;
  pending: number;
  booked: number;
  skipped: number;
  failed: number;
  not_attempted: number;
}

export interface ScheduleBatchView {
  id: string;
  status: ScheduleBatchStatusName;
  conflict_policy: ConflictPolicyName;
  progress: ScheduleBatchProgressView;
  /** Why a `fail` batch stopped: the position of the item that could not be booked. */
  stopped_at_position: number | null;
  requested_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface ScheduleBatchItemView {
  /** 0-based, in the order submitted. */
  position: number;
  status: ScheduleItemStatusName;
  assignment_id: string | null;
  job_id: string | null;
  practitioner_id: string | null;
  requested_start: string;
  requested_end: string;
  /** The window booked: the requested one, or with `next_available` possibly a later one. */
  booked_start: string | null;
  booked_end: string | null;
  booking_id: string | null;
  /** Why the item was not booked, in the error taxonomy (e.g. CF_PRACTITIONER_BUSY). */
  error_code: string | null;
  error_message: string | null;
  attempts: number;
}
