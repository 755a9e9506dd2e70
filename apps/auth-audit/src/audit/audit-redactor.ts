/**
 * PII redaction applied to every audit row before it is written (AUTH-7): the log is append-only and
 * hash-chained, so whatever is written stays; nothing sensitive may reach it in the first place.
 *
 * - keys that name a credential (password, token, secret, code, authorization, cookie, OTP…) are
 *   dropped from metadata, value and all;
 * - email addresses are masked to `j***@example.com`, phone numbers to `+** **** ***34`, wherever they
 *   appear in a string; values under phone-named keys are masked whatever their format;
 * - JWTs and `Bearer` credentials are replaced by `[redacted]`.
 */

export const REDACTED = '[redacted]';
const MAX_DEPTH = 10;
const MAX_STRING_LENGTH = 2048;

// A key containing one of these (after snake-casing) is a credential.
const CREDENTIAL_FRAGMENTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'cookie',
  'credential',
  'api_key',
  'apikey',
  'private_key',
  'totp',
  'jwt',
  'recovery_code',
  'session_key',
];
// A key with one of these as a whole `_`-separated word is a credential…
const CREDENTIAL_WORDS = new Set(['code', 'codes', 'otp', 'pin', 'pwd', 'cvv', 'cvc']);
// …except these, which name a category rather than a secret and help an investigation.
const NON_SECRET_CODE_KEYS = new Set([
  'error_code',
  'status_code',
  'reason_code',
  'country_code',
  'currency_code',
]);
const PHONE_WORDS = new Set(['phone', 'mobile', 'msisdn', 'tel', 'telephone', 'fax']);

const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// International numbers need the leading '+'; bare digit runs are ids and amounts far more often.
const INTERNATIONAL_PHONE = /(?<![\w+])\+\d[\d ().-]{5,20}\d(?![\w])/g;
// North-American style with separators: (555) 123-4567, 555-123-4567, 555.123.4567.
const SEPARATED_PHONE = /(?<![\w.-])\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\w.-])/g;
// Neither PostgreSQL text nor jsonb can hold NUL or a lone UTF-16 surrogate.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function snakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

function words(key: string): string[] {
  return snakeCase(key).split('_').filter(Boolean);
}

export function isCredentialKey(key: string): boolean {
  const k = snakeCase(key);
  if (NON_SECRET_CODE_KEYS.has(k)) return false;
  return CREDENTIAL_FRAGMENTS.some((f) => k.includes(f)) || words(key).some((w) => CREDENTIAL_WORDS.has(w));
}

export function isPhoneKey(key: string): boolean {
  return snakeCase(key).includes('phone') || words(key).some((w) => PHONE_WORDS.has(w));
}

/** `jane.doe@example.com` → `j***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return REDACTED;
  return `${email[0]}***${email.slice(at)}`;
}

/** Every digit but the last two becomes `*`; separators stay, so the shape is still recognisable. */
export function maskPhone(phone: string): string {
  const total = (phone.match(/\d/g) ?? []).length;
  let seen = 0;
  return phone.replace(/\d/g, (d) => (++seen > total - 2 ? d : '*'));
}

function cleanText(value: string): string {
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

/** Redacts credentials, emails and phone numbers inside free text, and bounds its length. */
export function redactText(value: string): string {
  const redacted = cleanText(value)
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(EMAIL, (email) => maskEmail(email))
    .replace(INTERNATIONAL_PHONE, (phone) =>
      (phone.match(/\d/g) ?? []).length >= 7 ? maskPhone(phone) : phone,
    )
    .replace(SEPARATED_PHONE, (phone) => maskPhone(phone));
  return redacted.length > MAX_STRING_LENGTH ? `${redacted.slice(0, MAX_STRING_LENGTH)}…` : redacted;
}

export function redactNullableText(value: string | null | undefined): string | null {
  return typeof value === 'string' ? redactText(value) : null;
}

/** A redacted, JSON-safe copy of `value` (the input is never mutated). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  return redactObject(value as Record<string, unknown>, depth);
}

/** Metadata as stored: credential keys removed, phone-named values masked, everything else redacted. */
export function redactObject(value: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (isCredentialKey(rawKey)) continue;
    const key = cleanText(rawKey);
    if (isPhoneKey(rawKey) && (typeof item === 'string' || typeof item === 'number')) {
      out[key] = maskPhone(cleanText(String(item)));
      continue;
    }
    out[key] = redactValue(item, depth + 1);
  }
  return out;
}
