import {
  ACCOUNT_EVENTS,
  AUTH_EVENTS,
  CallMeta,
  LoginCommand,
  RegisterRequest,
  RegisterResult,
  roleNeedsTwoFactor,
  TokenPair,
  UserProfile,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner, uuidv7 } from '@slotline/persistence';
import { AccessClaims, hashOpaqueToken, TokenIssuer } from '../tokens/token-issuer';
import { accountEvent } from './account-events';
import { SessionsRepository } from '../sessions/sessions.repository';
import { AccountsRepository } from './accounts.repository';
import { FailureThrottle } from './failure-throttle';
import { PasswordHasher } from './password-hasher';
import { passwordPolicyViolations } from './password-policy';
import { profileOf } from './profile.service';
import { securityEvent } from './security-event';

export interface ThrottleSettings {
  maxPerAccount: number;
  maxPerIp: number;
}

export interface AccountsServiceDeps {
  repo: AccountsRepository;
  sessions: SessionsRepository;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  hasher: PasswordHasher;
  issuer: TokenIssuer;
  failures: FailureThrottle;
  throttle: ThrottleSettings;
  refreshTtlSeconds: number;
  /** AUTH_REQUIRE_ADMIN_2FA: login tells an admin without two-factor to enrol. */
  requireAdmin2fa: boolean;
}

/** The same answer whether or not the address was already registered (no account enumeration). */
const REGISTER_ACCEPTED: RegisterResult = {
  status: 'accepted',
  message: 'If this address can be registered, the account is ready: sign in with it.',
};

const INVALID_CREDENTIALS = () =>
  new AppError('AUTH_INVALID_CREDENTIALS', 'The email or password is incorrect.');

type LoginOutcome = { ok: false } | { ok: true; claims: AccessClaims; enrollmentRequired: boolean };

export class AccountsService {
  constructor(private readonly d: AccountsServiceDeps) {}

  async register(req: RegisterRequest, meta: CallMeta): Promise<RegisterResult> {
    const email = req.email.trim().toLowerCase();
    const violations = passwordPolicyViolations(req.password, email);
    if (violations.length)
      throw new AppError('VAL_FAILED', 'The password does not meet the policy.', violations);
    const passwordHash = await this.d.hasher.hash(req.password);
    const id = uuidv7();
    await this.d.tx.run(async (m) => {
      const created = await this.d.repo.insertUserIfAbsent(m, {
        id,
        email,
        passwordHash,
        role: req.role ?? 'customer',
      });
      if (!created) return;
      await this.d.outbox.enqueue(m, {
        type: AUTH_EVENTS.userRegistered,
        data: { user_id: id, role: req.role ?? 'customer' },
        request_id: meta.request_id,
        traceparent: meta.traceparent,
        idempotency_key: meta.idempotency_key,
      });
      const user = await this.d.repo.findUserById(id, m);
      await this.d.outbox.enqueue(m, accountEvent(ACCOUNT_EVENTS.created.type, user!, meta));
    });
    return REGISTER_ACCEPTED;
  }

  async login(cmd: LoginCommand, meta: CallMeta): Promise<TokenPair> {
    const email = cmd.email.trim().toLowerCase();
    const accountKey = hashOpaqueToken(`account:${email}`);
    const ipKey = hashOpaqueToken(`ip:${cmd.ip}`);
    const refresh = this.d.issuer.refreshToken();

    const outcome = await this.d.tx.run(async (m): Promise<LoginOutcome> => {
      // Attempts on one account run one at a time (even for an unknown address, which has no row to
      // lock), so a parallel burst cannot all pass the count before its failures are recorded.
      await this.d.repo.serializeAttempts(m, accountKey);
      await this.d.failures.assertNotThrottled('account', accountKey, this.d.throttle.maxPerAccount, m);
      await this.d.failures.assertNotThrottled('ip', ipKey, this.d.throttle.maxPerIp, m);

      const user = await this.d.repo.findUserByEmail(email, m);
      const ok = user
        ? await this.d.hasher.verify(user.passwordHash, cmd.password)
        : (await this.d.hasher.dummyVerify(cmd.password), false);
      if (!user || !ok) {
        // Committed, not thrown: the failure rows must count. Its audit event carries no email.
        await this.d.failures.record(m, [
          { scope: 'account', keyHash: accountKey },
          { scope: 'ip', keyHash: ipKey },
        ]);
        await this.d.outbox.enqueue(
          m,
          securityEvent({
            type: AUTH_EVENTS.loginFailed,
            actor: null,
            userId: user?.id ?? null,
            resource: { type: 'user', id: user?.id ?? null },
            outcome: 'failure',
            client: cmd,
            reason: user ? 'invalid_password' : 'unknown_account',
            meta,
          }),
        );
        return { ok: false };
      }

      await this.d.failures.clear(m, 'account', accountKey);
      const prior = await this.d.repo.priorSignIns(m, user.id, cmd.user_agent ?? null);
      const session = await this.d.sessions.createSession(
        m,
        { userId: user.id, aal: 'aal1', ip: cmd.ip, userAgent: cmd.user_agent ?? null },
        { hash: refresh.hash, expiresAt: new Date(Date.now() + this.d.refreshTtlSeconds * 1000) },
      );
      await this.d.outbox.enqueue(
        m,
        securityEvent({
          type: AUTH_EVENTS.loginSucceeded,
          actor: { user_id: user.id, role: user.role },
          userId: user.id,
          resource: { type: 'session', id: session.id },
          outcome: 'success',
          client: cmd,
          metadata: { session_id: session.id },
          meta,
        }),
      );
      // The first sign-in of an account is not "new": only a further device is worth a security notice.
      if (prior.any && !prior.sameDevice) {
        await this.d.outbox.enqueue(m, {
          type: ACCOUNT_EVENTS.newDeviceSignIn.type,
          actor: { user_id: user.id, role: user.role },
          request_id: meta.request_id,
          traceparent: meta.traceparent,
          data: {
            user_id: user.id,
            session_id: session.id,
            ip: cmd.ip ?? null,
            user_agent: cmd.user_agent ?? null,
          },
        });
      }
      const mfaPending = await this.d.repo.hasActiveTwoFactor(user.id, m);
      return {
        ok: true,
        claims: { userId: user.id, role: user.role, sessionId: session.id, aal: 'aal1', mfaPending },
        enrollmentRequired: this.d.requireAdmin2fa && roleNeedsTwoFactor(user.role) && !mfaPending,
      };
    });
    if (!outcome.ok) throw INVALID_CREDENTIALS();
    const pair = await this.d.issuer.pair(outcome.claims, refresh.token);
    return { ...pair, two_factor_enrollment_required: outcome.enrollmentRequired };
  }

  async me(meta: CallMeta): Promise<UserProfile> {
    if (!meta.actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in to see your profile.');
    const user = await this.d.repo.findProfile(meta.actor.user_id);
    if (!user) throw new AppError('NF_USER', 'The account no longer exists.');
    return profileOf(user);
  }
}
