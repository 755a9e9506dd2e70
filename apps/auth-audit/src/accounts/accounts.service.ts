import {
  AUTH_EVENTS,
  CallMeta,
  LoginCommand,
  RegisterRequest,
  RegisterResult,
  TokenPair,
  UserProfile,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner, uuidv7 } from '@slotline/persistence';
import { hashOpaqueToken, TokenIssuer } from '../tokens/token-issuer';
import { AccountsRepository } from './accounts.repository';
import { PasswordHasher } from './password-hasher';
import { passwordPolicyViolations } from './password-policy';

export interface ThrottleSettings {
  maxPerAccount: number;
  maxPerIp: number;
  windowSeconds: number;
}

export interface AccountsServiceDeps {
  repo: AccountsRepository;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  hasher: PasswordHasher;
  issuer: TokenIssuer;
  throttle: ThrottleSettings;
  refreshTtlSeconds: number;
}

/** The same answer whether or not the address was already registered (no account enumeration). */
const REGISTER_ACCEPTED: RegisterResult = {
  status: 'accepted',
  message: 'If this address can be registered, the account is ready: sign in with it.',
};

const INVALID_CREDENTIALS = () => new AppError('AUTH_INVALID_CREDENTIALS', 'The email or password is incorrect.');

export class AccountsService {
  constructor(private readonly d: AccountsServiceDeps) {}

  async register(req: RegisterRequest, meta: CallMeta): Promise<RegisterResult> {
    const email = req.email.trim().toLowerCase();
    const violations = passwordPolicyViolations(req.password, email);
    if (violations.length) throw new AppError('VAL_FAILED', 'The password does not meet the policy.', violations);
    const passwordHash = await this.d.hasher.hash(req.password);
    const id = uuidv7();
    await this.d.tx.run(async (m) => {
      const created = await this.d.repo.insertUserIfAbsent(m, { id, email, passwordHash, role: req.role ?? 'customer' });
      if (!created) return;
      await this.d.outbox.enqueue(m, {
        type: AUTH_EVENTS.userRegistered,
        data: { user_id: id, role: req.role ?? 'customer' },
        request_id: meta.request_id,
        traceparent: meta.traceparent,
        idempotency_key: meta.idempotency_key,
      });
    });
    return REGISTER_ACCEPTED;
  }

  async login(cmd: LoginCommand, meta: CallMeta): Promise<TokenPair> {
    const email = cmd.email.trim().toLowerCase();
    const accountKey = hashOpaqueToken(`account:${email}`);
    const ipKey = hashOpaqueToken(`ip:${cmd.ip}`);
    await this.assertNotThrottled('account', accountKey, this.d.throttle.maxPerAccount);
    await this.assertNotThrottled('ip', ipKey, this.d.throttle.maxPerIp);

    const user = await this.d.repo.findUserByEmail(email);
    const ok = user ? await this.d.hasher.verify(user.passwordHash, cmd.password) : (await this.d.hasher.dummyVerify(cmd.password), false);
    if (!user || !ok) {
      await this.d.repo.recordFailures(this.d.tx, [
        { scope: 'account', keyHash: accountKey },
        { scope: 'ip', keyHash: ipKey },
      ]);
      throw INVALID_CREDENTIALS();
    }

    const refresh = this.d.issuer.refreshToken();
    const session = await this.d.tx.run(async (m) => {
      await this.d.repo.clearFailures(m, 'account', accountKey);
      const s = await this.d.repo.createSession(
        m,
        { userId: user.id, aal: 'aal1', ip: cmd.ip, userAgent: cmd.user_agent ?? null },
        { hash: refresh.hash, expiresAt: new Date(Date.now() + this.d.refreshTtlSeconds * 1000) },
      );
      await this.d.outbox.enqueue(m, {
        type: AUTH_EVENTS.loginSucceeded,
        data: { user_id: user.id, session_id: s.id, ip: cmd.ip },
        actor: { user_id: user.id, role: user.role },
        request_id: meta.request_id,
        traceparent: meta.traceparent,
      });
      return s;
    });
    const accessToken = await this.d.issuer.accessToken({ userId: user.id, role: user.role, sessionId: session.id, aal: 'aal1' });
    return { access_token: accessToken, refresh_token: refresh.token, expires_in: this.d.issuer.accessTtlSeconds, token_type: 'Bearer' };
  }

  async me(meta: CallMeta): Promise<UserProfile> {
    if (!meta.actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in to see your profile.');
    const user = await this.d.repo.findUserById(meta.actor.user_id);
    if (!user) throw new AppError('NF_USER', 'The account no longer exists.');
    return { id: user.id, email: user.email, role: user.role, created_at: user.createdAt.toISOString() };
  }

  private async assertNotThrottled(scope: 'account' | 'ip', keyHash: string, max: number): Promise<void> {
    const windowMs = this.d.throttle.windowSeconds * 1000;
    const { count, oldest } = await this.d.repo.countRecentFailures(scope, keyHash, new Date(Date.now() - windowMs));
    if (count < max) return;
    const retryAfter = Math.max(1, Math.ceil(((oldest ? new Date(oldest).getTime() : Date.now()) + windowMs - Date.now()) / 1000));
    throw new AppError('RATE_LOGIN_THROTTLED', 'Too many failed sign-in attempts; try again later.', undefined, {
      retry_after_seconds: retryAfter,
    });
  }
}
