import { ACCOUNT_EVENTS, AccountEventData, SCHEDULING_EVENTS } from '@slotline/contracts';
import { anAssignmentEventData, anEventEnvelope, PrivateSchema } from '@slotline/testing';
import { randomUUID } from 'node:crypto';
import { NotificationDispatcher } from '../delivery/notification-dispatcher';
import { NotificationsComposition } from '../notifications.composition';

/** The dispatcher's clock in the specs: it stands still until a pass moves it on. */
export class SteppingClock {
  constructor(private at: Date) {}
  readonly now = (): Date => this.at;
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

/** Dispatcher passes, the clock moving past every retry delay (and every lease) between them. */
export async function dispatcherPasses(
  sut: NotificationDispatcher,
  clock: SteppingClock,
  count: number,
): Promise<number[]> {
  const handled: number[] = [];
  for (let i = 0; i < count; i++) {
    handled.push(await sut.tick());
    clock.advance(120_000);
  }
  return handled;
}

/**
 * A customer joins the directory and has an assignment rejected: an email to them and one to ops
 * (and, with a phone, an SMS when the email fails for good).
 */
export async function aRejectedCustomer(
  services: NotificationsComposition,
  db: PrivateSchema,
  clock: SteppingClock,
  contact: { email?: string; phone?: string | null } = {},
): Promise<{ customer: AccountEventData; eventId: string }> {
  const customer: AccountEventData = {
    user_id: randomUUID(),
    email: contact.email ?? `customer-${randomUUID()}@example.com`,
    phone: contact.phone === undefined ? '+4915100000000' : contact.phone,
    time_zone: 'Europe/Berlin',
    locale: 'en',
    role: 'customer',
  };
  const at = { occurred_at: clock.now().toISOString() };
  await services.router.handle(anEventEnvelope(ACCOUNT_EVENTS.created.type, customer, at), db.service);
  const rejected = anEventEnvelope(
    SCHEDULING_EVENTS.assignmentRejected,
    anAssignmentEventData({ customer_id: customer.user_id, status: 'rejected', reason: 'van broke down' }),
    at,
  );
  await services.router.handle(rejected, db.service);
  return { customer, eventId: rejected.id };
}
