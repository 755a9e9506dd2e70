import { assertIdentifier } from '@slotline/persistence';

/**
 * `leases`: how many times the dispatcher has leased (and so sent) a notification. Every send whose
 * outcome is recorded also advances `attempts`, so `leases - attempts` counts the sends whose outcome
 * was never recorded, which bounds how often a message can go out when recording keeps failing (NTF-5).
 * Existing rows start at `attempts`: their earlier sends were all recorded or are unknowable.
 */
export function notificationLeasesSql(schema: string): string[] {
  const s = assertIdentifier(schema);
  return [
    `ALTER TABLE ${s}.notifications ADD COLUMN leases integer NOT NULL DEFAULT 0`,
    `UPDATE ${s}.notifications SET leases = attempts`,
  ];
}

export function dropNotificationLeasesSql(schema: string): string[] {
  const s = assertIdentifier(schema);
  return [`ALTER TABLE ${s}.notifications DROP COLUMN leases`];
}
