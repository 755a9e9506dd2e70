import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
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
import { RESOURCE_KINDS, ResourceKindName, WeeklyHoursView, WindowView } from './scheduling.types';
import { HH_MM_PATTERN, IsInstant } from './scheduling.validators';

export class LocalTimeRangeDto {
  @Matches(HH_MM_PATTERN, { message: 'start must be HH:mm (00:00–23:59)' })
  start: string;

  @Matches(HH_MM_PATTERN, { message: 'end must be HH:mm (00:01–24:00)' })
  end: string;
}

const MAX_RANGES_PER_DAY = 8;

/** Working hours per weekday in the resource's local time; a missing or empty day is closed. */
export class WeeklyHoursDto {
  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(MAX_RANGES_PER_DAY)
  @Type(() => LocalTimeRangeDto)
  monday?: LocalTimeRangeDto[];

  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(MAX_RANGES_PER_DAY)
  @Type(() => LocalTimeRangeDto)
  tuesday?: LocalTimeRangeDto[];

  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(MAX_RANGES_PER_DAY)
  @Type(() => LocalTimeRangeDto)
  wednesday?: LocalTimeRangeDto[];

  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(MAX_RANGES_PER_DAY)
  @Type(() => LocalTimeRangeDto)
  thursday?: LocalTimeRangeDto[];

  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(MAX_RANGES_PER_DAY)
  @Type(() => LocalTimeRangeDto)
  friday?: LocalTimeRangeDto[];

  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(MAX_RANGES_PER_DAY)
  @Type(() => LocalTimeRangeDto)
  saturday?: LocalTimeRangeDto[];

  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(MAX_RANGES_PER_DAY)
  @Type(() => LocalTimeRangeDto)
  sunday?: LocalTimeRangeDto[];
}

/** Body of `POST /v1/admin/{practitioners|rooms|equipment}`. `user_id` is required for practitioners only. */
export class CreateResourceBody {
  @IsOptional()
  @IsUUID('all', { message: 'user_id must be a UUID' })
  user_id?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** IANA name, e.g. Europe/London (checked by the service: 422 BR_INVALID_TIME_ZONE). */
  @IsString()
  @MaxLength(64)
  time_zone: string;

  @ValidateNested()
  @Type(() => WeeklyHoursDto)
  weekly_hours: WeeklyHoursDto;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  buffer_before_minutes?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  buffer_after_minutes?: number;
}

export class CreateResourceCommand extends CreateResourceBody {
  @IsIn(RESOURCE_KINDS)
  kind: ResourceKindName;
}

/** Body of `PATCH /v1/admin/{kind}/:id`: only the fields sent change. */
export class UpdateResourceBody {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  time_zone?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => WeeklyHoursDto)
  weekly_hours?: WeeklyHoursDto;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  buffer_before_minutes?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  buffer_after_minutes?: number;

  /** Reactivates a deactivated resource (deactivation is `DELETE`). */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ResourceRef {
  @IsIn(RESOURCE_KINDS)
  kind: ResourceKindName;

  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class UpdateResourceCommand extends UpdateResourceBody {
  @IsIn(RESOURCE_KINDS)
  kind: ResourceKindName;

  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class ListResourcesQuery extends PageQueryDto {
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class ListResourcesCommand extends ListResourcesQuery {
  @IsIn(RESOURCE_KINDS)
  kind: ResourceKindName;
}

/** Body of `POST …/time-off`: a span of instants the resource is not available. */
export class AddTimeOffBody {
  @IsInstant()
  start: string;

  @IsInstant()
  end: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class AddTimeOffCommand extends AddTimeOffBody {
  @IsIn(RESOURCE_KINDS)
  kind: ResourceKindName;

  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class TimeOffRef {
  @IsIn(RESOURCE_KINDS)
  kind: ResourceKindName;

  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @IsUUID('all', { message: 'time_off_id must be a UUID' })
  time_off_id: string;
}

/** Upcoming and current time off by default; `from`/`to` select another span. */
export class ListTimeOffQuery extends PageQueryDto {
  @IsOptional()
  @IsInstant()
  from?: string;

  @IsOptional()
  @IsInstant()
  to?: string;
}

export class ListTimeOffCommand extends ListTimeOffQuery {
  @IsIn(RESOURCE_KINDS)
  kind: ResourceKindName;

  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

/** `POST /v1/me/practitioner`: a provider creates their own practitioner record. */
export class CreateMyPractitionerBody {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @IsString()
  @MaxLength(64)
  time_zone: string;

  @ValidateNested()
  @Type(() => WeeklyHoursDto)
  weekly_hours: WeeklyHoursDto;
}

/** `PUT /v1/me/practitioner/hours`: the provider's weekly hours, and their zone if it changed. */
export class UpdateMyHoursBody {
  @ValidateNested()
  @Type(() => WeeklyHoursDto)
  weekly_hours: WeeklyHoursDto;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  time_zone?: string;
}

export class MyTimeOffRef {
  @IsUUID('all', { message: 'time_off_id must be a UUID' })
  time_off_id: string;
}

export interface ResourceView {
  id: string;
  kind: ResourceKindName;
  /** The provider account of a practitioner; null for rooms and equipment. */
  user_id: string | null;
  name: string;
  time_zone: string;
  weekly_hours: WeeklyHoursView;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface TimeOffView extends WindowView {
  id: string;
  resource_id: string;
  reason: string | null;
  created_at: string;
}
