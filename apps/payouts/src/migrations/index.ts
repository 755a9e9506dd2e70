import { PayoutsOutbox1764000000000 } from './1764000000000-outbox';

export const PAYOUTS_MIGRATIONS = [PayoutsOutbox1764000000000];
