import { AppError } from '@slotline/errors';
import { PayoutDomainError } from '../domain';

/** The domain speaks in taxonomy codes but knows nothing of AppError; this is the one translation. */
export function toAppError(err: unknown): unknown {
  if (!(err instanceof PayoutDomainError)) return err;
  return new AppError(err.code, err.message, undefined, err.details);
}

export function domainSync<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw toAppError(err);
  }
}
