import { AppError } from '@slotline/errors';
import { AccountsRepository } from './accounts.repository';
import { FailureScope } from './user.record';
import { Queryable } from '@slotline/persistence';

/**
 * Counts failed attempts (passwords per account and IP, TOTP codes per user) in a sliding window and
 * refuses further attempts past the limit with 429 RATE_LOGIN_THROTTLED.
 */
export class FailureThrottle {
  constructor(
    private readonly repo: AccountsRepository,
    private readonly windowSeconds: number,
  ) {}

  /** With `manager`, counts inside the caller's transaction (and on its connection). */
  async assertNotThrottled(
    scope: FailureScope,
    keyHash: string,
    max: number,
    manager?: Queryable,
  ): Promise<void> {
    const windowMs = this.windowSeconds * 1000;
    const { count, oldest } = await this.repo.countRecentFailures(
      scope,
      keyHash,
      new Date(Date.now() - windowMs),
      manager,
    );
    if (count < max) return;
    const retryAfter = Math.max(
      1,
      Math.ceil(((oldest ? new Date(oldest).getTime() : Date.now()) + windowMs - Date.now()) / 1000),
    );
    throw new AppError('RATE_LOGIN_THROTTLED', 'Too many failed attempts; try again later.', undefined, {
      retry_after_seconds: retryAfter,
    });
  }

  /** Inside the caller's transaction, so the failure rows and their audit event commit together. */
  record(manager: Queryable, keys: Array<{ scope: FailureScope; keyHash: string }>): Promise<void> {
    return this.repo.recordFailures(manager, keys);
  }

  clear(manager: Queryable, scope: FailureScope, keyHash: string): Promise<void> {
    return this.repo.clearFailures(manager, scope, keyHash);
  }
}
