import { ACCOUNT_EVENTS, CallMeta } from '@slotline/contracts';
import { NewEvent } from '@slotline/messaging';
import { UserRecord } from './user.record';

type AccountEventType = (typeof ACCOUNT_EVENTS)['created' | 'changed']['type'];

/** The account's whole contact record as an event for the recipient directory of notifications. */
export function accountEvent(
  type: AccountEventType,
  user: Pick<UserRecord, 'id' | 'email' | 'role' | 'phone' | 'timeZone' | 'locale'>,
  meta: CallMeta,
  changed?: string[],
): NewEvent<AccountEventType> {
  return {
    type,
    actor: meta.actor ? { user_id: meta.actor.user_id, role: meta.actor.role } : null,
    request_id: meta.request_id,
    traceparent: meta.traceparent,
    idempotency_key: meta.idempotency_key,
    data: {
      user_id: user.id,
      email: user.email,
      role: user.role,
      phone: user.phone ?? null,
      time_zone: user.timeZone,
      locale: user.locale,
      ...(changed ? { changed } : {}),
    },
  };
}
