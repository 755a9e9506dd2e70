import { uuidv7 } from '@slotline/persistence';
import type { NotificationRecord } from '../notify/notification.record';

/** Test data only: a sent email as `NotificationsRepository` returns it. */
export function aNotificationRecord(overrides: Partial<NotificationRecord> = {}): NotificationRecord {
  const now = new Date();
  return {
    id: uuidv7(),
    eventId: uuidv7(),
    eventType: 'evt.scheduling.assignment.scheduled.v1',
    eventOccurredAt: now,
    kind: 'visit_scheduled',
    category: 'scheduling',
    critical: false,
    recipientId: uuidv7(),
    channel: 'email',
    address: 'r@example.com',
    status: 'sent',
    skipReason: null,
    attempts: 1,
    leases: 1,
    maxAttempts: 5,
    nextAttemptAt: null,
    deferredUntil: null,
    content: { locale: 'en', subject: 'Your visit', text: 't', html: '<p>t</p>', sms: 's' },
    fallbackOf: null,
    createdAt: now,
    sentAt: now,
    ...overrides,
  };
}
