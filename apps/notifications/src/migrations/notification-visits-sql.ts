import { assertIdentifier } from '@slotline/persistence';

/**
 * `visit_id`: the assignment whose visit a notification is about (null for payouts, security and the
 * SMS fallback), so that a cancellation can withdraw the visit's messages still waiting to go out (quiet
 * hours, retries). The partial index holds only those.
 */
export function notificationVisitsSql(schema: string): string[] {
  const s = assertIdentifier(schema);
  return [
    `ALTER TABLE ${s}.notifications ADD COLUMN visit_id uuid`,
    `CREATE INDEX notifications_queued_visit_idx ON ${s}.notifications (visit_id) WHERE status = 'queued'`,
  ];
}

export function dropNotificationVisitsSql(schema: string): string[] {
  const s = assertIdentifier(schema);
  return [`ALTER TABLE ${s}.notifications DROP COLUMN visit_id`];
}
