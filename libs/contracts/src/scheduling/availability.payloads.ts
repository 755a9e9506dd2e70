import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CommaSeparated, IsInstant, IsLocalDateTime } from './scheduling.validators';

export const MAX_AVAILABILITY_DAYS = 31;
export const MAX_AVAILABILITY_PRACTITIONERS = 50;

/** `GET /v1/availability`: free slots of `duration_minutes` in [from, to), per practitioner. */
export class FindAvailabilityQuery {
  /** Comma-separated; every active practitioner (up to 50) when omitted. */
  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @ArrayMaxSize(MAX_AVAILABILITY_PRACTITIONERS)
  @IsUUID('all', { each: true, message: 'practitioner_ids must be UUIDs' })
  practitioner_ids?: string[];

  /** A room every slot must hold as well. */
  @IsOptional()
  @IsUUID('all', { message: 'room_id must be a UUID' })
  room_id?: string;

  @IsInstant()
  from: string;

  @IsInstant()
  to: string;

  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(720)
  duration_minutes: number;

  /** Zone of the answer's offsets; UTC when omitted. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  time_zone?: string;

  /** Slot starts lie on this grid of the practitioner's local time (09:00, 09:15 …). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(240)
  step_minutes?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @IsOptional()
  @IsString()
  cursor?: string;
}

/**
 * `GET /v1/availability/explain`: why a window is (not) bookable for a practitioner (and room and
 * equipment). The window starts at `start` (instant) or `local_start` read in `time_zone`.
 */
export class ExplainAvailabilityQuery {
  @IsUUID('all', { message: 'practitioner_id must be a UUID' })
  practitioner_id: string;

  @IsOptional()
  @IsUUID('all', { message: 'room_id must be a UUID' })
  room_id?: string;

  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true, message: 'equipment_ids must be UUIDs' })
  equipment_ids?: string[];

  @IsOptional()
  @IsInstant()
  start?: string;

  @IsOptional()
  @IsLocalDateTime()
  local_start?: string;

  @IsOptional()
  @IsIn(['earlier', 'later'])
  ambiguous?: 'earlier' | 'later';

  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(720)
  duration_minutes: number;

  /** Zone of `local_start` and of the answer; the practitioner's zone when omitted. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  time_zone?: string;
}

export interface SlotView {
  practitioner_id: string;
  start: string;
  end: string;
}

export interface AvailabilityView {
  time_zone: string;
  duration_minutes: number;
  step_minutes: number;
  items: SlotView[];
  next_cursor: string | null;
  has_more: boolean;
}

export interface SlotReasonView {
  code: string;
  resource_id: string | null;
  message: string;
  clashing?: { start: string; end: string };
}

export interface SlotExplanationView {
  available: boolean;
  start: string;
  end: string;
  time_zone: string;
  reasons: SlotReasonView[];
}
