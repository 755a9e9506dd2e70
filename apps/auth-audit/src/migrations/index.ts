import { Accounts1764000000000 } from './1764000000000-accounts';
import { SessionsTwoFactor1764000001000 } from './1764000001000-sessions-two-factor';

export const AUTH_MIGRATIONS = [Accounts1764000000000, SessionsTwoFactor1764000001000];
