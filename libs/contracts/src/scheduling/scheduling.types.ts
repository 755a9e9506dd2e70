export const JOB_STATUSES = ['open', 'assigned', 'completed', 'cancelled'] as const;
export type JobStatusName = (typeof JOB_STATUSES)[number];

export const ASSIGNMENT_STATUSES = [
  'awaiting_schedule',
  'scheduled',
  'completed',
  'rejected',
  'cancelled',
] as const;
export type AssignmentStatusName = (typeof ASSIGNMENT_STATUSES)[number];

export const RESOURCE_KINDS = ['practitioner', 'room', 'equipment'] as const;
export type ResourceKindName = (typeof RESOURCE_KINDS)[number];

/** Who made a schedule proposal: a party of the assignment or an admin acting for one. */
export const PROPOSER_SIDES = ['customer', 'provider', 'admin'] as const;
export type ProposerSide = (typeof PROPOSER_SIDES)[number];

/** Weekday keys of `weekly_hours` on the wire, in ISO order (Monday = 1). */
export const WEEKDAY_NAMES = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** A local wall-clock range of one day, `HH:mm`; `end` may be `24:00`. */
export interface LocalTimeRangeView {
  start: string;
  end: string;
}

export type WeeklyHoursView = Partial<Record<WeekdayName, LocalTimeRangeView[]>>;

/** A window on the wire: ISO 8601 instants with an offset. */
export interface WindowView {
  start: string;
  end: string;
}
