import { AppError } from '@slotline/errors';

/**
 * What a service's named constraints mean (e.g. an exclusion constraint → CF_ROOM_BUSY). Each service
 * hands its own map to its TransactionRunner; no process-wide registry, so two services (or two tests)
 * in one process never see each other's meanings.
 */
export type ConstraintErrorMap = Readonly<Record<string, () => AppError>>;

/**
 * Database errors are translated in exactly one place. Domain errors pass through untouched; anything
 * unrecognised becomes SYS_INTERNAL so no SQL or driver text ever reaches a caller.
 */
export function translateDbError(err: unknown, constraintErrors: ConstraintErrorMap = {}): unknown {
  if (err instanceof AppError) return err;
  const driver =
    (err as { driverError?: { code?: string; constraint?: string } })?.driverError ??
    (err as { code?: string; constraint?: string });
  const code = driver?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return err;
  const constraint = driver.constraint;
  const make =
    constraint && Object.hasOwn(constraintErrors, constraint) ? constraintErrors[constraint] : undefined;
  if (make) return make();
  switch (code) {
    case '23505':
      return new AppError('CF_CONFLICT', 'The resource already exists or conflicts with another.');
    case '23P01':
      return new AppError('CF_CONFLICT', 'The change conflicts with an existing booking.');
    case '40001':
    case '40P01':
      return new AppError('SYS_UPSTREAM_UNAVAILABLE', 'The change collided with another; retry it.');
    default:
      return err;
  }
}
