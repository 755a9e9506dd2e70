import type { NotificationChannelName, NotificationStatusName } from '@slotline/contracts';

/** What a notification carries to its channel, rendered when it was planned. */
export interface NotificationContent {
  locale: string;
  subject: string;
  text: string;
  html: string;
  sms: string;
  /** RFC 5545 invite attached to the email, and its METHOD. */
  ics?: string | null;
  ics_method?: 'REQUEST' | 'CANCEL' | null;
}

export interface NotificationRecord {
  id: string;
  eventId: string;
  eventType: string;
  eventOccurredAt: Date;
  kind: string;
  category: string;
  critical: boolean;
  recipientId: string;
  channel: NotificationChannelName;
  address: string;
  status: NotificationStatusName;
  skipReason: string | null;
  attempts: number;
  /** Times the dispatcher leased it; each recorded outcome advances `attempts`, a lost one does not. */
  leases: number;
  maxAttempts: number;
  nextAttemptAt: Date | null;
  deferredUntil: Date | null;
  content: NotificationContent;
  fallbackOf: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** A row of notifications as the pg driver returns it (the columns COLUMNS selects). */
export interface NotificationRow {
  id: string;
  event_id: string;
  event_type: string;
  event_occurred_at: Date;
  kind: string;
  category: string;
  critical: boolean;
  recipient_id: string;
  channel: NotificationChannelName;
  address: string;
  status: NotificationStatusName;
  skip_reason: string | null;
  attempts: number;
  leases: number;
  max_attempts: number;
  next_attempt_at: Date | null;
  deferred_until: Date | null;
  content: NotificationContent;
  fallback_of: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** A row of notification_attempts. */
export interface AttemptRow {
  notification_id: string;
  attempt: number;
  status: AttemptRecord['status'];
  response: string | null;
  error: string | null;
  started_at: Date;
  finished_at: Date;
}

export interface NewNotification {
  id: string;
  eventId: string;
  eventType: string;
  eventOccurredAt: Date;
  kind: string;
  category: string;
  critical: boolean;
  recipientId: string;
  channel: NotificationChannelName;
  address: string;
  status: 'queued' | 'skipped';
  skipReason?: string | null;
  maxAttempts: number;
  nextAttemptAt: Date;
  deferredUntil?: Date | null;
  content: NotificationContent;
  fallbackOf?: string | null;
  /** The assignment whose visit it is about: its cancellation withdraws what still waits to go out. */
  visitId?: string | null;
}

export interface AttemptRecord {
  notificationId: string;
  attempt: number;
  status: 'sent' | 'failed';
  response: string | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date;
}
