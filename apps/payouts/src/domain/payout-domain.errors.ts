import type { ErrorCode } from '@slotline/contracts';

/** Base of every error the payouts domain throws; the application layer maps `code` to an AppError. */
export class PayoutDomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Another decision won: 409, with the state the payout is in now. */
export class PayoutAlreadyDecidedError extends PayoutDomainError {
  constructor(status: string, attempted: string) {
    super('CF_PAYOUT_DECIDED', `The payout is already ${status}; it cannot be ${attempted} now.`, {
      status,
    });
  }
}

export class PayoutNotSettleableError extends PayoutDomainError {
  constructor(status: string, method: string | null) {
    super(
      'BR_INVALID_STATE_TRANSITION',
      'Only an approved payout waiting for manual settlement can be settled by hand.',
      { status, capture_method: method },
    );
  }
}
