import {
  ACCOUNT_EVENTS,
  AUTH_EVENTS,
  PAYOUT_EVENTS,
  REMINDER_EVENTS,
  SCHEDULING_EVENTS,
  TypedEventEnvelope,
} from '@slotline/contracts';
import type { Queryable } from '@slotline/persistence';
import { NotificationsService } from '../notify/notifications.service';
import { RecipientsRepository } from '../recipients/recipients.repository';

export interface NotificationEventRouterDeps {
  notifications: NotificationsService;
  recipients: RecipientsRepository;
}

/**
 * NTF-1: which event becomes which notification. Runs inside the inbox transaction of the consumer that
 * received it; events nobody is notified of are simply acknowledged.
 */
export class NotificationEventRouter {
  constructor(private readonly d: NotificationEventRouterDeps) {}

  /** `event.data` was validated by the inbox against the class of `event.type`, so each case is typed. */
  async handle(event: TypedEventEnvelope, db: Queryable): Promise<void> {
    const source = { id: event.id, type: event.type, occurredAt: new Date(event.occurred_at) };
    const n = this.d.notifications;
    switch (event.type) {
      case ACCOUNT_EVENTS.created.type:
      case ACCOUNT_EVENTS.changed.type:
        return this.d.recipients.upsert(db, event.data, source.occurredAt);
      case ACCOUNT_EVENTS.newDeviceSignIn.type:
        return n.notifyNewDeviceSignIn(db, source, event.data);
      case AUTH_EVENTS.refreshReused:
        return n.notifyRefreshTokenReuse(db, source, event.data);
      case SCHEDULING_EVENTS.scheduleProposed:
        return n.notifyScheduleProposed(db, source, event.data);
      case SCHEDULING_EVENTS.scheduleConfirmed:
        return n.notifyScheduleConfirmed(db, source, event.data);
      case SCHEDULING_EVENTS.assignmentCancelled:
        return n.notifyScheduleCancelled(db, source, event.data);
      case SCHEDULING_EVENTS.assignmentRejected:
        return n.notifyAssignmentRejected(db, source, event.data);
      case SCHEDULING_EVENTS.assignmentCompleted:
        return n.notifyVisitCompleted(db, source, event.data);
      case REMINDER_EVENTS.due.type:
      case REMINDER_EVENTS.overdue.type:
        return n.notifyReminderSent(db, source, event.data);
      case PAYOUT_EVENTS.approved.type:
      case PAYOUT_EVENTS.denied.type:
        return n.notifyPayoutDecision(db, source, event.data);
      default:
        return;
    }
  }
}
