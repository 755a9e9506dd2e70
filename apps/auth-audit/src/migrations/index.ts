import { Accounts1764000000000 } from './1764000000000-accounts';

export const AUTH_MIGRATIONS = [Accounts1764000000000];
