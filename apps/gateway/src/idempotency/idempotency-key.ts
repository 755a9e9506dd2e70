import { AppError } from '@slotline/errors';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

// Printable ASCII (0x20–0x7E) as in Stripe's and the IETF idempotency-key draft's examples; UUIDs fit.
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

/** The request's Idempotency-Key, undefined when absent; a malformed one is 400 VAL_FAILED. */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw : [raw];
  if (value.length === 1 && VALID_KEY.test(value[0])) return value[0];
  throw new AppError('VAL_FAILED', `The ${IDEMPOTENCY_KEY_HEADER} header is invalid.`, [
    {
      field: IDEMPOTENCY_KEY_HEADER,
      code: 'invalid',
      message: 'Must be one value of 1 to 255 printable ASCII characters.',
    },
  ]);
}
