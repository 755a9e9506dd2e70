import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so `{"a":1,"b":2}` and `{"b":2,"a":1}` — the same
 * request to any reasonable client — fingerprint alike.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export interface FingerprintInput {
  method: string;
  path: string;
  scope: string;
  body: unknown;
}

/** sha256 over method, path, caller and canonical body: what "the same request" means for a key. */
export function requestFingerprint({ method, path, scope, body }: FingerprintInput): string {
  return createHash('sha256')
    .update([method.toUpperCase(), path, scope, canonicalJson(body)].join('\n'))
    .digest('hex');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
