import { AppError } from '@slotline/errors';
import { isTransientDbError } from '@slotline/persistence';

/** Serialization failure, deadlock (raw or as translated after the runner's own retries), statement timeout. */
export function isTransient(err: unknown): boolean {
  if (isTransientDbError(err)) return true;
  if (err instanceof AppError) return err.code === 'SYS_UPSTREAM_UNAVAILABLE';
  const code =
    (err as { code?: string; driverError?: { code?: string } })?.driverError?.code ??
    (err as { code?: string })?.code;
  return code === '57014';
}

/** The backoff between two tries of a chunk. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
