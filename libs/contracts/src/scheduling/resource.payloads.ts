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
import { Constructor } from '../mixin';
import { PageQueryDto } from '../pagination/page-query.dto';
import { RESOURCE_KINDS, ResourceKindName, WeeklyHoursView, WindowView } from './scheduling.types';
import { HH_MM_PATTERN, IsInstant, Stack } from './scheduling.validators';

export class LocalTimeRangeDto {
  @Matches(HH_MM_PATTERN, { message: 'start must be HH:mm (00:00–23:59)' })
  start: string;

  @Matches(HH_MM_PATTERN, { message: 'end must be HH:mm (00:01–24:00)' })
  end: string;
}

const MAX_RANGES_PER_DAY = 8;

/** The rules of the fields a resource is set up with: each written once, for every payload that has it. */
const DayRanges = () =>
  Stack(
    IsOptional(),
    ValidateNested({ each: true }),
    ArrayMaxSize(MAX_RANGES_PER_DAY),
    Type(() => LocalTimeRangeDto),
  );
const ResourceName = () => Stack(IsString(), MinLength(1), MaxLength(200));
const TimeZoneName = () => Stack(IsString(), MaxLength(64));
const WeeklyHours = () =>
  Stack(
    ValidateNested(),
    Type(() => WeeklyHoursDto),
  );
const BufferMinutes = () => Stack(IsOptional(), IsInt(), Min(0), Max(720));

/** Working hours per weekday in the resource's local time; a missing or empty day is closed. */
export class WeeklyHoursDto {
  @DayRanges()
  monday?: LocalTimeRangeDto[];

  @DayRanges()
  tuesday?: LocalTimeRangeDto[];

  @DayRanges()
  wednesday?: LocalTimeRangeDto[];

  @DayRanges()
  thursday?: LocalTimeRangeDto[];

  @DayRanges()
  friday?: LocalTimeRangeDto[];

  @DayRanges()
  saturday?: LocalTimeRangeDto[];

  @DayRanges()
  sunday?: LocalTimeRangeDto[];
}

/** Body of `POST /v1/admin/{practitioners|rooms|equipment}`. `user_id` is required for practitioners only. */
export class CreateResourceBody {
  @IsOptional()
  @IsUUID('all', { message: 'user_id must be a UUID' })
  user_id?: string;

  @ResourceName()
  name: string;

  /** IANA name, e.g. Europe/London (checked by the service: 422 BR_INVALID_TIME_ZONE). */
  @TimeZoneName()
  time_zone: string;

  @WeeklyHours()
  weekly_hours: WeeklyHoursDto;

  @BufferMinutes()
  buffer_before_minutes?: number;

  @BufferMinutes()
  buffer_after_minutes?: number;
}

export class CreateResourceCommand extends CreateResourceBody {
  @IsIn(RESOURCE_KINDS)
  kind: ResourceKindName;
}

/** Body of `PATCH /v1/admin/{kind}/:id`: only the fields sent change. */
export class UpdateResourceBody {
  @IsOptional()
  @ResourceName()
  name?: string;

  @IsOptional()
  @TimeZoneName()
  time_zone?: string;

  @IsOptional()
  @WeeklyHours()
  weekly_hours?: WeeklyHoursDto;

  @BufferMinutes()
  buffer_before_minutes?: number;

  @BufferMinutes()
  buffer_after_minutes?: number;

  /** Reactivates a deactivated resource (deactivation is `DELETE`). */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** `class XCommand extends WithResourceRef(XBody) {}`: the HTTP body plus the resource of the path. */
function WithResourceRef<TBase extends Constructor>(Base: TBase) {
  class WithRef extends Base {
    @IsIn(RESOURCE_KINDS)
    kind: ResourceKindName;

    @IsUUID('all', { message: 'id must be a UUID' })
    id: string;
  }
  return WithRef;
}

export class ResourceRef extends WithResourceRef(class {}) {}

export class UpdateResourceCommand extends WithResourceRef(UpdateResourceBody) {}

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

export class AddTimeOffCommand extends WithResourceRef(AddTimeOffBody) {}

export class TimeOffRef extends ResourceRef {
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

export class ListTimeOffCommand extends WithResourceRef(ListTimeOffQuery) {}

/** `POST /v1/me/practitioner`: a provider creates their own practitioner record. */
export class CreateMyPractitionerBody {
  @ResourceName()
  name: string;

  @TimeZoneName()
  time_zone: string;

  @WeeklyHours()
  weekly_hours: WeeklyHoursDto;
}

/** `PUT /v1/me/practitioner/hours`: the provider's weekly hours, and their zone if it changed. */
export class UpdateMyHoursBody {
  @WeeklyHours()
  weekly_hours: WeeklyHoursDto;

  @IsOptional()
  @TimeZoneName()
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
