import { Accounts1764000000000 } from './1764000000000-accounts';
import { SessionsTwoFactor1764000001000 } from './1764000001000-sessions-two-factor';
import { AuditLog1764000002000 } from './1764000002000-audit-log';
import { AccountProfile1764000003000 } from './1764000003000-profile';
import { AuthAuditInboxDeadLetters1764900000070 } from './1764900000070-inbox-dead-letters';

export const AUTH_MIGRATIONS = [
  Accounts1764000000000,
  SessionsTwoFactor1764000001000,
  AuditLog1764000002000,
  AccountProfile1764000003000,
  AuthAuditInboxDeadLetters1764900000070,
];
