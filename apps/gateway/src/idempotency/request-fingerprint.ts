import { canonicalJson } from '@slotline/messaging';
import { createHash } from 'node:crypto';

export { canonicalJson };

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
