/** What a cursor may carry: the sort key values of the last row of a page (e.g. created_at and id). */
export type CursorPayload = Record<string, string | number>;

const CURSOR_VERSION = 1;
const MAX_CURSOR_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Encodes a keyset position as an opaque token: base64url of `{"v":1,"p":{...}}`. It is not signed —
 * it only says where to continue, and the service still applies the caller's permissions — but it is
 * versioned so the shape can change without misreading old tokens.
 */
export function encodeCursor(payload: CursorPayload): string {
  if (!isPayload(payload)) throw new TypeError('A cursor payload holds only strings and finite numbers');
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, p: payload }), 'utf8').toString('base64url');
}

/**
 * The payload of a cursor, or null when it is malformed, tampered with, of another version, or lacks
 * one of `requiredKeys` (services turn null into 400 VAL_CURSOR).
 */
export function decodeCursor(cursor: string, requiredKeys: readonly string[] = []): CursorPayload | null {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const { v, p } = parsed as { v?: unknown; p?: unknown };
  if (v !== CURSOR_VERSION || !isPayload(p)) return null;
  if (!requiredKeys.every((key) => Object.prototype.hasOwnProperty.call(p, key))) return null;
  return p;
}

function isPayload(value: unknown): value is CursorPayload {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every(
    (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
  );
}
