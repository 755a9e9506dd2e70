import {
  ACCOUNT_EVENTS,
  AccountEventData,
  AssignmentEventData,
  AUTH_EVENTS,
  AuthSecurityEventData,
  eventContractOf,
  EventEnvelope,
  NewDeviceSignInData,
  PAYOUT_EVENTS,
  PayoutEventData,
  REMINDER_EVENTS,
  ReminderEventData,
  SCHEDULING_EVENTS,
} from '@slotline/contracts';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { NotificationsService } from '../notify/notifications.service';
import { RecipientsRepository } from '../recipients/recipients.repository';

export interface NotificationEventRouterDeps {
  notifications: NotificationsService;
  recipients: RecipientsRepository;
  logger: Logger;
}

/**
 * NTF-1: which event becomes which notification. Runs inside the inbox transaction of the consumer that
 * received it; events nobody is notified of are simply acknowledged.
 */
export class NotificationEventRouter {
  constructor(private readonly d: NotificationEventRouterDeps) {}

  async handle(event: EventEnvelope, db: EntityManager): Promise<void> {
    if (!(await this.valid(event))) return;
    const source = { id: event.id, type: event.type, occurredAt: new Date(event.occurred_at) };
    const n = this.d.notifications;
    switch (event.type) {
      case ACCOUNT_EVENTS.created.type:
      case ACCOUNT_EVENTS.changed.type:
        return this.d.recipients.upsert(db, event.data as AccountEventData, source.occurredAt);
      case ACCOUNT_EVENTS.newDeviceSignIn.type:
        return n.notifyNewDeviceSignIn(db, source, event.data as NewDeviceSignInData);
      case AUTH_EVENTS.refreshReused:
        return n.notifyRefreshTokenReuse(db, source, event.data as AuthSecurityEventData);
      case SCHEDULING_EVENTS.scheduleProposed:
        return n.notifyScheduleProposed(db, source, event.data as AssignmentEventData);
      case SCHEDULING_EVENTS.scheduleConfirmed:
        return n.notifyScheduleConfirmed(db, source, event.data as AssignmentEventData);
      case SCHEDULING_EVENTS.assignmentCancelled:
        return n.notifyScheduleCancelled(db, source, event.data as AssignmentEventData);
      case SCHEDULING_EVENTS.assignmentRejected:
        return n.notifyAssignmentRejected(db, source, event.data as AssignmentEventData);
      case SCHEDULING_EVENTS.assignmentCompleted:
        return n.notifyVisitCompleted(db, source, event.data as AssignmentEventData);
      case REMINDER_EVENTS.due.type:
      case REMINDER_EVENTS.overdue.type:
        return n.notifyReminderSent(db, source, event.data as ReminderEventData);
      case PAYOUT_EVENTS.approved.type:
      case PAYOUT_EVENTS.denied.type:
        return n.notifyPayoutDecision(db, source, event.data as PayoutEventData);
      default:
        return;
    }
  }

  /** Registered events are checked against their payload class; a bad one cannot improve by retrying. */
  private async valid(event: EventEnvelope): Promise<boolean> {
    const contract = eventContractOf(event.type);
    if (!contract) return true;
    const payload = contract.payload as unknown as new () => object;
    const errors = await validate(plainToInstance(payload, event.data as object));
    if (errors.length === 0) return true;
    this.d.logger.error(
      {
        event: 'notification_event_invalid',
        event_id: event.id,
        event_type: event.type,
        fields: errors.map((e) => e.property),
      },
      'event data does not match its contract; skipped',
    );
    return false;
  }
}
