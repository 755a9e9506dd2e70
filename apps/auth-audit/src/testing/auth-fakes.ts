import type { Aal, Role } from '@slotline/contracts';
import { aCallMeta, anActor, InMemoryTransactions, RecordingOutbox, substitute } from '@slotline/testing';
import { ActorCheck } from '../sessions/actor-check';
import { aSession, aUser } from './auth-records.factory';
import { InMemoryAccountsRepository } from './in-memory-accounts.repository';
import { InMemorySessionsRepository } from './in-memory-sessions.repository';
import { InMemoryTwoFactorRepository } from './in-memory-two-factor.repository';

/** The in-memory stores auth-audit's services share, one transaction runner over all of them. */
export class AuthFakes {
  readonly tx = new InMemoryTransactions();
  readonly accounts = new InMemoryAccountsRepository(this.tx, [], (userId) =>
    this.sessions.sessions.all((s) => s.userId === userId),
  );
  readonly sessions = new InMemorySessionsRepository(this.tx);
  readonly twoFactor = new InMemoryTwoFactorRepository(this.tx);
  readonly outbox = new RecordingOutbox(this.tx, 'auth-audit');
  /** The real check over the fakes, with admin two-factor required as in production. */
  readonly actors = new ActorCheck(substitute(this.sessions), substitute(this.accounts), true);

  /** A stored user of `role` with a live session, and the call meta of a token for it. */
  signedIn(role: Role = 'customer', aal: Aal = role === 'admin' || role === 'super_admin' ? 'aal2' : 'aal1') {
    const user = this.accounts.users.insert(aUser(role));
    const session = this.sessions.sessions.insert(aSession(user.id, { aal }));
    const meta = aCallMeta(anActor(role, { user_id: user.id, session_id: session.id, aal }));
    return { user, session, meta };
  }
}
