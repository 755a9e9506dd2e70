import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../pagination/page-query.dto';
import type { Page } from '../pagination/page';
import { defineRpc } from '../rpc/define-rpc';
import { IsInstant } from '../scheduling/scheduling.validators';

export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannelName = (typeof NOTIFICATION_CHANNELS)[number];
export const NOTIFICATION_CATEGORIES = ['scheduling', 'reminders', 'payouts', 'security'] as const;
export type NotificationCategoryName = (typeof NOTIFICATION_CATEGORIES)[number];
export const NOTIFICATION_STATUSES = ['queued', 'sent', 'failed', 'skipped'] as const;
export type NotificationStatusName = (typeof NOTIFICATION_STATUSES)[number];

/** One attempt to deliver a notification over its channel. */
export interface NotificationAttemptView {
  attempt: number;
  status: 'sent' | 'failed';
  /** The channel's answer (SMTP reply, provider id), addresses redacted. */
  response: string | null;
  error: string | null;
  started_at: string;
  finished_at: string;
}

export interface NotificationView {
  id: string;
  event_id: string;
  event_type: string;
  kind: string;
  category: NotificationCategoryName;
  critical: boolean;
  recipient_id: string;
  channel: NotificationChannelName;
  status: NotificationStatusName;
  /** Why it was not sent (an opt-out), when skipped. */
  skip_reason: string | null;
  attempts: number;
  subject: string | null;
  /** Set when quiet hours held it back: when it was due to go. */
  deferred_until: string | null;
  next_attempt_at: string | null;
  /** The notification this one replaces after its channel failed for good (SMS after email). */
  fallback_of: string | null;
  created_at: string;
  sent_at: string | null;
  attempt_log: NotificationAttemptView[];
}

/** `GET /v1/me/notifications`: your notifications, newest first. */
export class MyNotificationsQuery extends PageQueryDto {}

/** `GET /v1/admin/notifications`: anyone's, filtered. */
export class AdminNotificationsQuery extends PageQueryDto {
  /** A user id, or `ops`. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recipient_id?: string;

  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatusName;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  event_type?: string;

  @IsOptional()
  @IsInstant()
  from?: string;

  @IsOptional()
  @IsInstant()
  to?: string;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursDto {
  @Matches(HH_MM, { message: 'start must be HH:mm' })
  start: string;

  @Matches(HH_MM, { message: 'end must be HH:mm' })
  end: string;
}

export class ChannelPreferencesDto {
  @IsOptional()
  @IsBoolean()
  email?: boolean;

  @IsOptional()
  @IsBoolean()
  sms?: boolean;
}

export class CategoryPreferencesDto {
  @IsOptional()
  @IsBoolean()
  scheduling?: boolean;

  @IsOptional()
  @IsBoolean()
  reminders?: boolean;

  @IsOptional()
  @IsBoolean()
  payouts?: boolean;

  @IsOptional()
  @IsBoolean()
  security?: boolean;
}

/** `PUT /v1/me/notification-preferences`: the whole set (omitted channels and categories are on). */
export class UpdatePreferencesRequest {
  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelPreferencesDto)
  channels?: ChannelPreferencesDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => CategoryPreferencesDto)
  categories?: CategoryPreferencesDto;

  /** In your own time zone; null for none. Non-urgent messages wait until they end. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quiet_hours?: QuietHoursDto | null;
}

export interface PreferencesView {
  channels: Record<NotificationChannelName, boolean>;
  categories: Record<NotificationCategoryName, boolean>;
  quiet_hours: { start: string; end: string } | null;
  /** Categories that go out whatever the opt-outs and quiet hours say. */
  always_sent: string[];
}

export class CalendarIcsQuery {
  @IsUUID('all')
  assignment_id: string;
}

export interface CalendarIcsView {
  filename: string;
  content: string;
}

export class TemplatePreviewQuery {
  @Matches(/^[a-z_]{1,64}$/, { message: 'template must be a template name' })
  template: string;

  @IsOptional()
  @IsString()
  @MaxLength(35)
  locale?: string;
}

export interface TemplatePreviewView {
  template: string;
  locale: string;
  subject: string;
  text: string;
  html: string;
  sms: string;
  /** The calendar invite sent with it, if any. */
  ics: string | null;
}

export const NOTIFICATION_RPC = {
  mine: defineRpc<MyNotificationsQuery, Page<NotificationView>>('notifications.me.list', {
    request: MyNotificationsQuery,
    errors: ['VAL_CURSOR'],
  }),
  adminList: defineRpc<AdminNotificationsQuery, Page<NotificationView>>('notifications.admin.list', {
    request: AdminNotificationsQuery,
    errors: ['VAL_CURSOR'],
  }),
  getPreferences: defineRpc<Record<string, never>, PreferencesView>('notifications.preferences.get'),
  putPreferences: defineRpc<UpdatePreferencesRequest, PreferencesView>('notifications.preferences.put', {
    request: UpdatePreferencesRequest,
  }),
  calendarIcs: defineRpc<CalendarIcsQuery, CalendarIcsView>('notifications.calendar.ics', {
    request: CalendarIcsQuery,
    errors: ['NF_RESOURCE'],
  }),
  preview: defineRpc<TemplatePreviewQuery, TemplatePreviewView>('notifications.dev.preview', {
    request: TemplatePreviewQuery,
    errors: ['NF_RESOURCE', 'NF_ROUTE'],
  }),
} as const;
