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

export type NewResource = Omit<ResourceRecord, 'createdAt' | 'updatedAt' | 'active'>;

export type ResourceChanges = Partial<
  Pick<
    ResourceRecord,
    'name' | 'timeZone' | 'weeklyHours' | 'bufferBeforeMinutes' | 'bufferAfterMinutes' | 'active'
  >
>;
