import {
  NOTIFICATION_CATEGORIES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  NotificationAttemptView,
  NotificationView,
  PreferencesView,
  TemplatePreviewView,
} from '@slotline/contracts';
import type { SchemaObject } from '@nestjs/swagger';
import { arrayOf, defineObjectSchema, pageSchema } from '../openapi';

const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const utc: SchemaObject = { type: 'string', format: 'date-time' };
const nullableUtc: SchemaObject = { ...utc, nullable: true };
const nullableText: SchemaObject = { type: 'string', nullable: true };
const hhmm: SchemaObject = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', example: '22:00' };
const flags = (names: readonly string[]): SchemaObject => ({
  type: 'object',
  properties: Object.fromEntries(names.map((n) => [n, { type: 'boolean' }])),
  required: [...names],
  additionalProperties: false,
});

export const NotificationAttemptSchema = defineObjectSchema<NotificationAttemptView>('NotificationAttempt', {
  attempt: { type: 'integer', minimum: 1 },
  status: { type: 'string', enum: ['sent', 'failed'] },
  response: { ...nullableText, description: "The channel's answer, addresses redacted." },
  error: nullableText,
  started_at: utc,
  finished_at: utc,
});

export const NotificationSchema = defineObjectSchema<NotificationView>('Notification', {
  id: uuid,
  event_id: uuid,
  event_type: { type: 'string', example: 'evt.scheduling.assignment.schedule_confirmed.v1' },
  kind: { type: 'string', example: 'schedule_confirmed' },
  category: { type: 'string', enum: [...NOTIFICATION_CATEGORIES] },
  critical: { type: 'boolean', description: 'Sent whatever the opt-outs and quiet hours say.' },
  recipient_id: { type: 'string', description: 'A user id, or ops.' },
  channel: { type: 'string', enum: [...NOTIFICATION_CHANNELS] },
  status: { type: 'string', enum: [...NOTIFICATION_STATUSES] },
  skip_reason: nullableText,
  attempts: { type: 'integer', minimum: 0 },
  subject: nullableText,
  deferred_until: { ...nullableUtc, description: 'Held back by quiet hours until then.' },
  next_attempt_at: nullableUtc,
  fallback_of: { ...uuid, nullable: true, description: 'The notification whose channel failed for good.' },
  created_at: utc,
  sent_at: nullableUtc,
  attempt_log: arrayOf(NotificationAttemptSchema),
});

export const NotificationPageSchema = pageSchema(NotificationSchema);

export const PreferencesSchema = defineObjectSchema<PreferencesView>('NotificationPreferences', {
  channels: flags(NOTIFICATION_CHANNELS),
  categories: flags(NOTIFICATION_CATEGORIES),
  quiet_hours: {
    type: 'object',
    nullable: true,
    properties: { start: hhmm, end: hhmm },
    required: ['start', 'end'],
    additionalProperties: false,
    description: 'In your own time zone; non-urgent notifications wait until they end.',
  },
  always_sent: arrayOf({ type: 'string' }, { description: 'What goes out whatever the preferences say.' }),
});

export const TemplatePreviewSchema = defineObjectSchema<TemplatePreviewView>('TemplatePreview', {
  template: { type: 'string' },
  locale: { type: 'string' },
  subject: { type: 'string' },
  text: { type: 'string' },
  html: { type: 'string' },
  sms: { type: 'string' },
  ics: { ...nullableText, description: 'The RFC 5545 invite sent with it, if any.' },
});
