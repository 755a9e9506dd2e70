import { AppError } from '@slotline/errors';
import { SchedulingDomainError } from '../domain';

/** The domain speaks in taxonomy codes but knows nothing of AppError; this is the one translation. */
export function toAppError(err: unknown): unknown {
  if (!(err instanceof SchedulingDomainError)) return err;
  const field = typeof err.details?.field === 'string' ? err.details.field : undefined;
  if (err.code === 'VAL_FAILED' && field) {
    return new AppError('VAL_FAILED', 'The request has invalid fields.', [
      { field, code: 'invalid', message: err.message },
    ]);
  }
  return new AppError(err.code, err.message, undefined, err.details);
}

/** Runs domain code, turning its errors into AppErrors (works for sync and async work). */
export async function domainCall<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toAppError(err);
  }
}

export function domainSync<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw toAppError(err);
  }
}
