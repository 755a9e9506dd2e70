import { inboxDeadLettersSql, outboxTablesSql } from '@slotline/messaging';
import { PayoutsOutbox1764000000000 } from './1764000000000-outbox';
import { Payouts1764200000000 } from './1764200000000-payouts';
import { PayoutsInboxDeadLetters1764900000070 } from './1764900000070-inbox-dead-letters';
import { payoutsTablesSql } from './payouts-sql';

export const PAYOUTS_MIGRATIONS = [
  PayoutsOutbox1764000000000,
  Payouts1764200000000,
  PayoutsInboxDeadLetters1764900000070,
];

/**
 * What PAYOUTS_MIGRATIONS run, in their order, as statements for `schema`: integration tests provision
 * a private schema with them (PrivateSchema), as the migrator provisions `payouts`.
 */
export function payoutsMigrationsSql(schema: string): string[] {
  return [...outboxTablesSql(schema), ...payoutsTablesSql(schema), ...inboxDeadLettersSql(schema)];
}
