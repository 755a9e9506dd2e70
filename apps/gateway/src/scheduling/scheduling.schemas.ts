import {
  ASSIGNMENT_STATUSES,
  AssignmentView,
  AvailabilityView,
  CAPACITY_GROUPS,
  CapacityRowView,
  CapacityView,
  FulfilmentReportView,
  JOB_STATUSES,
  JobView,
  LocalTimeRangeView,
  PROPOSER_SIDES,
  RESOURCE_KINDS,
  ResourceView,
  SlotExplanationView,
  SlotReasonView,
  SlotView,
  TimeOffView,
  WEEKDAY_NAMES,
  WindowView,
} from '@slotline/contracts';
import type { SchemaObject } from '@nestjs/swagger';
import { arrayOf, defineObjectSchema, optional, pageSchema } from '../openapi';

const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const nullableUuid: SchemaObject = { type: 'string', format: 'uuid', nullable: true };
const instant: SchemaObject = {
  type: 'string',
  format: 'date-time',
  description: 'ISO 8601 with the offset in force at that instant.',
};
const nullableInstant: SchemaObject = { ...instant, nullable: true };
const utc: SchemaObject = { type: 'string', format: 'date-time' };
const nullableUtc: SchemaObject = { type: 'string', format: 'date-time', nullable: true };
const zone: SchemaObject = { type: 'string', description: 'IANA time zone', example: 'Europe/London' };
const minutes: SchemaObject = { type: 'integer', minimum: 0 };

export const LocalTimeRangeSchema = defineObjectSchema<LocalTimeRangeView>('LocalTimeRange', {
  start: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', example: '09:00' },
  end: { type: 'string', pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$', example: '17:00' },
});

const weeklyHours: SchemaObject = {
  type: 'object',
  description: "Working hours per weekday in the resource's local time; a missing day is closed.",
  properties: Object.fromEntries(WEEKDAY_NAMES.map((d) => [d, arrayOf(LocalTimeRangeSchema)])),
  additionalProperties: false,
};

export const WindowSchema = defineObjectSchema<WindowView>('Window', { start: instant, end: instant });

export const ResourceSchema = defineObjectSchema<ResourceView>('Resource', {
  id: uuid,
  kind: { type: 'string', enum: [...RESOURCE_KINDS] },
  user_id: {
    ...nullableUuid,
    description: 'The provider account of a practitioner; null for rooms and equipment.',
  },
  name: { type: 'string' },
  time_zone: zone,
  weekly_hours: weeklyHours,
  buffer_before_minutes: minutes,
  buffer_after_minutes: minutes,
  active: { type: 'boolean' },
  created_at: utc,
  updated_at: utc,
});
export const ResourcePageSchema = pageSchema(ResourceSchema);

export const TimeOffSchema = defineObjectSchema<TimeOffView>('TimeOff', {
  id: uuid,
  resource_id: uuid,
  start: instant,
  end: instant,
  reason: { type: 'string', nullable: true },
  created_at: utc,
});
export const TimeOffPageSchema = pageSchema(TimeOffSchema);

export const JobSchema = defineObjectSchema<JobView>('Job', {
  id: uuid,
  customer_id: uuid,
  service_type: { type: 'string' },
  duration_minutes: { type: 'integer', minimum: 5, maximum: 720 },
  price_amount: { type: 'integer', minimum: 0, description: 'Integer minor units (cents).', example: 12500 },
  currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217', example: 'EUR' },
  time_zone: zone,
  room_id: nullableUuid,
  equipment_ids: arrayOf(uuid),
  preferred_windows: arrayOf(WindowSchema),
  notes: { type: 'string', nullable: true },
  status: { type: 'string', enum: [...JOB_STATUSES] },
  assignment_id: {
    ...nullableUuid,
    description: 'The live assignment (awaiting_schedule or scheduled), if any.',
  },
  created_at: utc,
  updated_at: utc,
  cancelled_at: nullableUtc,
  completed_at: nullableUtc,
});
export const JobPageSchema = pageSchema(JobSchema);

export const AssignmentSchema = defineObjectSchema<AssignmentView>('Assignment', {
  id: uuid,
  job_id: uuid,
  practitioner_id: uuid,
  provider_user_id: uuid,
  customer_id: uuid,
  status: { type: 'string', enum: [...ASSIGNMENT_STATUSES] },
  time_zone: { ...zone, description: "The practitioner's zone; visit times carry its offset." },
  duration_minutes: { type: 'integer', minimum: 1 },
  schedule_version: {
    type: 'integer',
    minimum: 0,
    description: 'Send it with the next proposal or confirmation; stale → 409 CF_SCHEDULE_VERSION.',
  },
  proposed_start: nullableInstant,
  proposed_end: nullableInstant,
  schedule_proposed_by: { type: 'string', enum: [...PROPOSER_SIDES], nullable: true },
  proposed_at: nullableUtc,
  scheduled_start: nullableInstant,
  scheduled_end: nullableInstant,
  confirmed_at: nullableUtc,
  rejected_at: nullableUtc,
  rejection_reason: { type: 'string', nullable: true },
  completed_at: nullableUtc,
  cancelled_at: nullableUtc,
  reminder_overdue: { type: 'boolean' },
  reminder_overdue_at: nullableUtc,
  created_at: utc,
  updated_at: utc,
});
export const AssignmentPageSchema = pageSchema(AssignmentSchema);

const SlotSchema = defineObjectSchema<SlotView>('Slot', {
  practitioner_id: uuid,
  start: instant,
  end: instant,
});

export const AvailabilitySchema = defineObjectSchema<AvailabilityView>('Availability', {
  time_zone: zone,
  duration_minutes: { type: 'integer' },
  step_minutes: { type: 'integer' },
  items: arrayOf(SlotSchema),
  next_cursor: { type: 'string', nullable: true },
  has_more: { type: 'boolean' },
});

const SlotReasonSchema = defineObjectSchema<SlotReasonView>('SlotReason', {
  code: { type: 'string', example: 'CF_PRACTITIONER_BUSY' },
  resource_id: nullableUuid,
  message: { type: 'string' },
  clashing: optional(WindowSchema),
});

export const SlotExplanationSchema = defineObjectSchema<SlotExplanationView>('SlotExplanation', {
  available: { type: 'boolean' },
  start: instant,
  end: instant,
  time_zone: zone,
  reasons: arrayOf(SlotReasonSchema),
});

const CapacityRowSchema = defineObjectSchema<CapacityRowView>('CapacityRow', {
  key: { type: 'string', description: 'A resource id, or morning / afternoon / evening.' },
  name: { type: 'string', nullable: true },
  available_minutes: minutes,
  booked_minutes: minutes,
  utilisation: { type: 'number', minimum: 0, maximum: 1 },
});

export const CapacitySchema = defineObjectSchema<CapacityView>('Capacity', {
  from: utc,
  to: utc,
  group_by: { type: 'string', enum: [...CAPACITY_GROUPS] },
  rows: arrayOf(CapacityRowSchema),
  total: {
    type: 'object',
    properties: {
      available_minutes: minutes,
      booked_minutes: minutes,
      utilisation: { type: 'number', minimum: 0, maximum: 1 },
    },
    required: ['available_minutes', 'booked_minutes', 'utilisation'],
  },
});

export const FulfilmentSchema = defineObjectSchema<FulfilmentReportView>('Fulfilment', {
  awaiting_schedule: minutes,
  scheduled: minutes,
  reminder_overdue: minutes,
  payout_pending: {
    type: 'integer',
    minimum: 0,
    nullable: true,
    description: 'Payouts waiting for an admin decision; null while the payouts service does not answer.',
  },
  as_of: utc,
});
