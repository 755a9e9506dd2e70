import { PayoutsOutbox1764000000000 } from './1764000000000-outbox';
import { Payouts1764200000000 } from './1764200000000-payouts';

export const PAYOUTS_MIGRATIONS = [PayoutsOutbox1764000000000, Payouts1764200000000];
