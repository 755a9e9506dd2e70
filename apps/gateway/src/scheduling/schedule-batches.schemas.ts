import {
  CONFLICT_POLICIES,
  SCHEDULE_BATCH_STATUSES,
  SCHEDULE_ITEM_STATUSES,
  ScheduleBatchItemView,
  ScheduleBatchProgressView,
  ScheduleBatchView,
} from '@slotline/contracts';
import type { SchemaObject } from '@nestjs/swagger';
import { defineObjectSchema, pageSchema } from '../openapi';

const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const nullableUuid: SchemaObject = { ...uuid, nullable: true };
const utc: SchemaObject = { type: 'string', format: 'date-time' };
const nullableUtc: SchemaObject = { ...utc, nullable: true };
const count: SchemaObject = { type: 'integer', minimum: 0 };

export const ScheduleBatchProgressSchema = defineObjectSchema<ScheduleBatchProgressView>(
  'ScheduleBatchProgress',
  { total: count, pending: count, booked: count, skipped: count, failed: count, not_attempted: count },
);

export const ScheduleBatchSchema = defineObjectSchema<ScheduleBatchView>('ScheduleBatch', {
  id: uuid,
  status: {
    type: 'string',
    enum: [...SCHEDULE_BATCH_STATUSES],
    description: '`stopped`: a `fail` batch met an item it could not book; the items before it stay booked.',
  },
  conflict_policy: { type: 'string', enum: [...CONFLICT_POLICIES] },
  progress: ScheduleBatchProgressSchema,
  stopped_at_position: { type: 'integer', minimum: 0, nullable: true },
  requested_by: uuid,
  created_at: utc,
  updated_at: utc,
  finished_at: nullableUtc,
});

export const ScheduleBatchItemSchema = defineObjectSchema<ScheduleBatchItemView>('ScheduleBatchItem', {
  position: { type: 'integer', minimum: 0, description: 'The index of the item in the request.' },
  status: { type: 'string', enum: [...SCHEDULE_ITEM_STATUSES] },
  assignment_id: {
    ...nullableUuid,
    description: 'The assignment scheduled; for a job item, the one the batch created.',
  },
  job_id: nullableUuid,
  practitioner_id: nullableUuid,
  requested_start: utc,
  requested_end: utc,
  booked_start: { ...nullableUtc, description: 'With `next_available`, possibly later than requested.' },
  booked_end: nullableUtc,
  booking_id: nullableUuid,
  error_code: {
    type: 'string',
    nullable: true,
    description: 'Why the item was not booked (error taxonomy).',
  },
  error_message: { type: 'string', nullable: true },
  attempts: { type: 'integer', minimum: 0 },
});

export const ScheduleBatchItemPageSchema = pageSchema(ScheduleBatchItemSchema);
