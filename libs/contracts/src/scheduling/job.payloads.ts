import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../pagination/page-query.dto';
import { JOB_STATUSES, JobStatusName, WindowView } from './scheduling.types';
import { IsInstant, IsLocalDateTime } from './scheduling.validators';

export class WindowDto {
  @IsInstant()
  start: string;

  @IsInstant()
  end: string;
}

/** Body of `POST /v1/jobs`. Money is an integer in minor units (cents) with its ISO 4217 currency. */
export class CreateJobBody {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  service_type: string;

  @IsInt()
  @Min(5)
  @Max(720)
  duration_minutes: number;

  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  price_amount: number;

  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency: string;

  /** The customer's IANA zone; times of this job are shown in it. UTC when omitted. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  time_zone?: string;

  @IsOptional()
  @IsUUID('all', { message: 'room_id must be a UUID' })
  room_id?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true, message: 'equipment_ids must be UUIDs' })
  equipment_ids?: string[];

  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(10)
  @Type(() => WindowDto)
  preferred_windows?: WindowDto[];

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class ListJobsQuery extends PageQueryDto {
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatusName;
}

export class JobRef {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class CancelJobBody {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class CancelJobCommand extends CancelJobBody {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

/**
 * A proposed start, either as an instant (`start`, with offset) or as a local reading (`local_start`)
 * in `time_zone` (the practitioner's zone when omitted). The end follows from the job's duration.
 * A local reading in a DST gap is 422 BR_NONEXISTENT_LOCAL_TIME; one in an overlap takes `ambiguous`
 * (`earlier` by default).
 */
export class ProposeScheduleBody {
  @IsOptional()
  @IsInstant()
  start?: string;

  @IsOptional()
  @IsLocalDateTime()
  local_start?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  time_zone?: string;

  @IsOptional()
  @IsIn(['earlier', 'later'])
  ambiguous?: 'earlier' | 'later';

  /** The schedule_version this proposal is based on; a stale one is 409 CF_SCHEDULE_VERSION. */
  @IsInt()
  @Min(0)
  schedule_version: number;
}

export class ProposeScheduleCommand extends ProposeScheduleBody {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export interface MoneyFields {
  /** Integer minor units (e.g. cents). */
  price_amount: number;
  /** ISO 4217. */
  currency: string;
}

export interface JobView extends MoneyFields {
  id: string;
  customer_id: string;
  service_type: string;
  duration_minutes: number;
  time_zone: string;
  room_id: string | null;
  equipment_ids: string[];
  preferred_windows: WindowView[];
  notes: string | null;
  status: JobStatusName;
  /** The live assignment (awaiting_schedule or scheduled), if any. */
  assignment_id: string | null;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
  completed_at: string | null;
}
