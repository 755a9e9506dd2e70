import { ERROR_CATALOG, ErrorCode, FieldError, RpcErrorPayload, isErrorCode } from '@slotline/contracts';

/**
 * The one error type services throw. It carries a taxonomy code; the HTTP status follows from the
 * code, so a service never chooses a status by hand and never throws HttpException.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CATALOG[code].status;
  }

  toRpc(): RpcErrorPayload {
    return {
      code: this.code,
      status: this.status,
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }

  /** Rebuilds an AppError from what crossed NATS; anything unrecognised becomes SYS_INTERNAL. */
  static fromRpc(payload: unknown): AppError {
    if (payload && typeof payload === 'object') {
      const p = payload as Partial<RpcErrorPayload>;
      if (isErrorCode(p.code) && typeof p.message === 'string') {
        return new AppError(p.code, p.message, p.errors, p.details);
      }
    }
    return new AppError('SYS_INTERNAL', 'An internal error occurred.');
  }
}

export function validationError(errors: FieldError[], message = 'The request has invalid fields.'): AppError {
  return new AppError('VAL_FAILED', message, errors);
}

/** The caller's deadline passed before the work could commit: it was abandoned, nothing changed. */
export function callerGaveUp(): AppError {
  return new AppError(
    'SYS_UPSTREAM_TIMEOUT',
    'The caller stopped waiting before this change could be committed; nothing was changed.',
  );
}
