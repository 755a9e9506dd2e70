import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { CommaSeparated, IsInstant } from './scheduling.validators';

export const MAX_CAPACITY_DAYS = 92;
export const CAPACITY_GROUPS = ['practitioner', 'room', 'equipment', 'daypart'] as const;
export type CapacityGroup = (typeof CAPACITY_GROUPS)[number];

/** `GET /v1/admin/capacity`: booked versus available minutes over [from, to). */
export class CapacityQuery {
  @IsInstant()
  from: string;

  @IsInstant()
  to: string;

  @IsIn(CAPACITY_GROUPS)
  group_by: CapacityGroup;

  /** Limit to these resources (of the grouped kind; practitioners for `daypart`). All active when omitted. */
  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'resource_ids must be UUIDs' })
  resource_ids?: string[];
}

export interface CapacityRowView {
  /** A resource id, or morning / afternoon / evening. */
  key: string;
  /** The resource's name; null for dayparts. */
  name: string | null;
  available_minutes: number;
  booked_minutes: number;
  /** booked / available, capped at 1, 4 decimals. */
  utilisation: number;
}

export interface CapacityView {
  from: string;
  to: string;
  group_by: CapacityGroup;
  rows: CapacityRowView[];
  total: Omit<CapacityRowView, 'key' | 'name'>;
}

export interface FulfilmentView {
  awaiting_schedule: number;
  scheduled: number;
  reminder_overdue: number;
  as_of: string;
}
