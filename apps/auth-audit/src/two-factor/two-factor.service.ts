import {
  Actor,
  AUTH_EVENTS,
  CallMeta,
  ClientContext,
  TokenPair,
  TwoFactorActivated,
  TwoFactorEnrollment,
  TwoFactorProofCommand,
  TwoFactorVerifyCommand,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { Queryable, SecretBox, TransactionRunner } from '@slotline/persistence';
import { AccountsRepository } from '../accounts/accounts.repository';
import { FailureThrottle } from '../accounts/failure-throttle';
import { securityEvent, SecurityEventInput } from '../accounts/security-event';
import { ActorCheck } from '../sessions/actor-check';
import { SessionsRepository } from '../sessions/sessions.repository';
import { AccessClaims, hashOpaqueToken, TokenIssuer } from '../tokens/token-issuer';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes';
import { Totp } from './totp';
import { TwoFactorRecord } from './two-factor.record';
import { TwoFactorRepository } from './two-factor.repository';

export interface TwoFactorServiceDeps {
  repo: TwoFactorRepository;
  accounts: AccountsRepository;
  sessions: SessionsRepository;
  actors: ActorCheck;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  issuer: TokenIssuer;
  totp: Totp;
  box: SecretBox;
  failures: FailureThrottle;
  maxFailures: number;
  refreshTtlSeconds: number;
}

type Proof = { kind: 'totp'; code: string } | { kind: 'recovery_code'; code: string };

const INVALID_CODE = () => new AppError('AUTH_2FA_INVALID', 'The code is wrong, expired or already used.');
const NOT_ENROLLED = (hint: string) => new AppError('BR_2FA_NOT_ENROLLED', hint);
const secretOwner = (userId: string) => `two-factor:${userId}`;

/** AUTH-6: TOTP enrolment, activation with recovery codes, step-up of a session to aal2, and removal. */
export class TwoFactorService {
  constructor(private readonly d: TwoFactorServiceDeps) {}

  async enroll(_cmd: ClientContext, meta: CallMeta): Promise<TwoFactorEnrollment> {
    const actor = await this.d.actors.active(meta);
    const user = await this.d.accounts.findUserById(actor.user_id);
    if (!user) throw new AppError('NF_USER', 'The account no longer exists.');
    const secret = this.d.totp.generateSecret();
    const stored = await this.d.tx.run((m) =>
      this.d.repo.upsertPending(m, user.id, this.d.box.seal(secret, secretOwner(user.id))),
    );
    if (!stored)
      throw new AppError(
        'CF_2FA_ALREADY_ENABLED',
        'Two-factor authentication is already on; disable it first to enrol again.',
      );
    return { otpauth_uri: this.d.totp.keyUri(user.email, secret), secret };
  }

  async verify(cmd: TwoFactorVerifyCommand, meta: CallMeta): Promise<TwoFactorActivated> {
    const actor = await this.d.actors.active(meta);
    const codes = generateRecoveryCodes();
    const ok = await this.d.tx.run(async (m) => {
      const row = await this.d.repo.lock(m, actor.user_id);
      await this.assertAttemptsLeft(m, actor);
      if (row?.status !== 'pending')
        throw NOT_ENROLLED('There is no pending enrolment: start with POST /v1/me/2fa/enroll.');
      const step = this.acceptedStep(row, cmd.code);
      if (step === null) return this.recordFailure(m, actor, cmd, meta, 'verify');
      await this.d.repo.activate(m, actor.user_id, step, codes.map(hashRecoveryCode));
      await this.d.failures.clear(m, 'totp', this.failureKey(actor));
      await this.d.outbox.enqueue(
        m,
        this.event(actor, cmd, meta, {
          type: AUTH_EVENTS.twoFactorEnabled,
          resource: { type: 'user', id: actor.user_id },
          outcome: 'success',
        }),
      );
      return true;
    });
    if (!ok) throw INVALID_CODE();
    return { enabled: true, recovery_codes: codes };
  }

  /** Upgrades the caller's session to aal2 and rotates its refresh token (older ones count as spent). */
  async stepUp(cmd: TwoFactorProofCommand, meta: CallMeta): Promise<TokenPair> {
    const actor = await this.d.actors.active(meta);
    const proof = proofOf(cmd);
    const next = this.d.issuer.refreshToken();
    const claims = await this.d.tx.run(async (m): Promise<AccessClaims | null> => {
      const row = await this.d.repo.lock(m, actor.user_id);
      await this.assertAttemptsLeft(m, actor);
      if (row?.status !== 'active')
        throw NOT_ENROLLED('Two-factor authentication is not on for this account.');
      if (!(await this.spend(m, row, proof)))
        return (await this.recordFailure(m, actor, cmd, meta, 'step_up'), null);
      const session = await this.d.sessions.lockUserSession(m, actor.user_id, actor.session_id);
      const user = await this.d.accounts.findUserById(actor.user_id, m);
      if (!session || session.revokedAt || !user)
        throw new AppError('AUTH_SESSION_REVOKED', 'This session has been signed out; sign in again.');
      const now = new Date();
      await this.d.sessions.setAal(m, session.id, 'aal2');
      await this.d.sessions.retireSessionTokens(m, session.id, now);
      await this.d.sessions.continueSession(m, session, {
        hash: next.hash,
        expiresAt: new Date(now.getTime() + this.d.refreshTtlSeconds * 1000),
        at: now,
        client: cmd,
      });
      await this.d.failures.clear(m, 'totp', this.failureKey(actor));
      await this.d.outbox.enqueue(
        m,
        this.event(actor, cmd, meta, {
          type: AUTH_EVENTS.steppedUp,
          resource: { type: 'session', id: session.id },
          outcome: 'success',
          metadata: { method: proof.kind },
        }),
      );
      return { userId: user.id, role: user.role, sessionId: session.id, aal: 'aal2' };
    });
    if (!claims) throw INVALID_CODE();
    return this.d.issuer.pair(claims, next.token);
  }

  async disable(cmd: TwoFactorProofCommand, meta: CallMeta): Promise<void> {
    const actor = await this.d.actors.active(meta);
    const proof = proofOf(cmd);
    const ok = await this.d.tx.run(async (m) => {
      const row = await this.d.repo.lock(m, actor.user_id);
      await this.assertAttemptsLeft(m, actor);
      if (row?.status !== 'active')
        throw NOT_ENROLLED('Two-factor authentication is not on for this account.');
      if (!(await this.spend(m, row, proof))) return this.recordFailure(m, actor, cmd, meta, 'disable');
      await this.d.repo.remove(m, actor.user_id);
      await this.d.failures.clear(m, 'totp', this.failureKey(actor));
      await this.d.outbox.enqueue(
        m,
        this.event(actor, cmd, meta, {
          type: AUTH_EVENTS.twoFactorDisabled,
          resource: { type: 'user', id: actor.user_id },
          outcome: 'success',
          metadata: { method: proof.kind },
        }),
      );
      return true;
    });
    if (!ok) throw INVALID_CODE();
  }

  /**
   * Counted after the user's two-factor row is locked: attempts for one user run one at a time, so a
   * burst of parallel guesses cannot all pass the check before the first failure is recorded.
   */
  private assertAttemptsLeft(m: Queryable, actor: Actor): Promise<void> {
    return this.d.failures.assertNotThrottled('totp', this.failureKey(actor), this.d.maxFailures, m);
  }

  /** The step a TOTP code belongs to, if it is valid now and later than the last step accepted. */
  private acceptedStep(row: TwoFactorRecord, code: string): number | null {
    const secret = this.d.box.open(row.secretCiphertext, secretOwner(row.userId));
    const step = this.d.totp.matchStep(code, secret);
    if (step === null || (row.lastUsedStep !== null && step <= row.lastUsedStep)) return null;
    return step;
  }

  private async spend(m: Queryable, row: TwoFactorRecord, proof: Proof): Promise<boolean> {
    if (proof.kind === 'recovery_code')
      return this.d.repo.spendRecoveryCode(m, row.userId, hashRecoveryCode(proof.code));
    const step = this.acceptedStep(row, proof.code);
    if (step === null) return false;
    await this.d.repo.setLastUsedStep(m, row.userId, step);
    return true;
  }

  /** Commits with the transaction (the caller returns instead of throwing), so the attempt counts. */
  private async recordFailure(
    m: Queryable,
    actor: Actor,
    client: ClientContext,
    meta: CallMeta,
    action: string,
  ): Promise<false> {
    await this.d.failures.record(m, [{ scope: 'totp', keyHash: this.failureKey(actor) }]);
    await this.d.outbox.enqueue(
      m,
      this.event(actor, client, meta, {
        type: AUTH_EVENTS.twoFactorFailed,
        resource: { type: 'session', id: actor.session_id },
        outcome: 'failure',
        reason: action,
      }),
    );
    return false;
  }

  private failureKey(actor: Actor): string {
    return hashOpaqueToken(`totp:${actor.user_id}`);
  }

  private event(
    actor: Actor,
    client: ClientContext,
    meta: CallMeta,
    e: Pick<SecurityEventInput, 'type' | 'resource' | 'outcome' | 'reason' | 'metadata'>,
  ) {
    return securityEvent({
      ...e,
      actor: { user_id: actor.user_id, role: actor.role },
      userId: actor.user_id,
      client,
      meta,
    });
  }
}

function proofOf(cmd: TwoFactorProofCommand): Proof {
  if (cmd.code && !cmd.recovery_code) return { kind: 'totp', code: cmd.code };
  if (cmd.recovery_code && !cmd.code) return { kind: 'recovery_code', code: cmd.recovery_code };
  throw new AppError('VAL_FAILED', 'Send exactly one of code or recovery_code.', [
    { field: 'code', code: 'exactly_one', message: 'send exactly one of code or recovery_code' },
  ]);
}
