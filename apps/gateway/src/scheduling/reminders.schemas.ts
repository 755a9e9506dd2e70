import {
  REMINDER_BUCKETS,
  REMINDER_KINDS,
  ReminderBucketView,
  RemindersOverTimeView,
  ReminderView,
} from '@slotline/contracts';
import type { SchemaObject } from '@nestjs/swagger';
import { arrayOf, defineObjectSchema, pageSchema } from '../openapi';

const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const utc: SchemaObject = { type: 'string', format: 'date-time' };
const count: SchemaObject = { type: 'integer', minimum: 0 };

export const ReminderSchema = defineObjectSchema<ReminderView>('Reminder', {
  id: uuid,
  assignment_id: uuid,
  kind: { type: 'string', enum: [...REMINDER_KINDS] },
  event_id: { ...uuid, description: 'The reminder event that carried it to notifications.' },
  due_at: {
    ...utc,
    nullable: true,
    description: "The visit's start (visit_upcoming) or when the scheduling SLA ran out (schedule_overdue).",
  },
  created_at: utc,
});

export const ReminderPageSchema = pageSchema(ReminderSchema);

export const ReminderBucketSchema = defineObjectSchema<ReminderBucketView>('ReminderBucket', {
  start: { ...utc, description: 'Start of the bucket (UTC).' },
  visit_upcoming: count,
  schedule_overdue: count,
  total: count,
});

export const RemindersOverTimeSchema = defineObjectSchema<RemindersOverTimeView>('RemindersOverTime', {
  from: utc,
  to: utc,
  bucket: { type: 'string', enum: [...REMINDER_BUCKETS] },
  buckets: arrayOf(ReminderBucketSchema),
  total: count,
});
