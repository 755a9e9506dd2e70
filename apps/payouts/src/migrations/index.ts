import { PayoutsOutbox1764000000000 } from './1764000000000-outbox';
import { Payouts1764200000000 } from './1764200000000-payouts';
import { PayoutsInboxDeadLetters1764900000070 } from './1764900000070-inbox-dead-letters';

export const PAYOUTS_MIGRATIONS = [
  PayoutsOutbox1764000000000,
  Payouts1764200000000,
  PayoutsInboxDeadLetters1764900000070,
];
