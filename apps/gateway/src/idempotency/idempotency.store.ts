/** A claim taken by the request that runs first; `lock` proves ownership when it finishes. */
export interface InFlightRecord {
  state: 'in_flight';
  fingerprint: string;
  lock: string;
}

/** The stored outcome of a finished request, replayed for retries with the same key and body. */
export interface DoneRecord {
  state: 'done';
  fingerprint: string;
  status: number;
  /** Only content-type, location and etag: enough to replay, nothing per-request like trace ids. */
  headers: Record<string, string>;
  body: unknown;
  /** Set when the outcome was a 4xx error: `body` then holds what is needed to throw it again. */
  error?: 'app_error' | 'http_exception';
}

export type IdempotencyRecord = InFlightRecord | DoneRecord;

export type AcquireResult = { acquired: true; lock: string } | { acquired: false; record: IdempotencyRecord };

/** Storage port for idempotency records; every method is atomic per key. */
export interface IdempotencyStore {
  /** Claims `key` for `ttlMs` unless a record exists, in which case that record is returned. */
  acquire(key: string, fingerprint: string, ttlMs: number): Promise<AcquireResult>;
  /** Replaces the claim with the outcome, kept `ttlMs`; false if another request holds the key now. */
  complete(key: string, lock: string, record: DoneRecord, ttlMs: number): Promise<boolean>;
  /** Drops the claim (if `lock` still holds it) so the client may retry with the same key. */
  release(key: string, lock: string): Promise<void>;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
