import type { ResourceKindName, WeeklyHoursView } from '@slotline/contracts';

export interface ResourceRecord {
  id: string;
  kind: ResourceKindName;
  userId: string | null;
  name: string;
  timeZone: string;
  /** Stored in wire form (weekday names). */
  weeklyHours: WeeklyHoursView;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface TimeOffRecord {
  id: string;
  resourceId: string;
  start: Date;
  end: Date;
  reason: string | null;
  createdAt: Date;
}

/** A row of resources as the pg driver returns it (weekly_hours as stored jsonb). */
export interface ResourceRow {
  id: string;
  kind: ResourceKindName;
  user_id: string | null;
  name: string;
  time_zone: string;
  weekly_hours: WeeklyHoursView | null;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/** A row of time_off with its range taken apart. */
export interface TimeOffRow {
  id: string;
  resource_id: string;
  start: Date;
  end: Date;
  reason: string | null;
  created_at: Date;
}

export type NewResource = Omit<ResourceRecord, 'createdAt' | 'updatedAt' | 'active'>;

export type ResourceChanges = Partial<
  Pick<
    ResourceRecord,
    'name' | 'timeZone' | 'weeklyHours' | 'bufferBeforeMinutes' | 'bufferAfterMinutes' | 'active'
  >
>;
