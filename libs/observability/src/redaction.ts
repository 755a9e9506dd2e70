/** What never reaches a log line. The written policy is docs/observability/logging.md. */
export const REDACTED = '[REDACTED]';

/** pino `redact` paths: the first line of defence, for the known shapes of requests and DTOs. */
export const REDACT_PATHS: readonly string[] = [
  'password',
  '*.password',
  '*.*.password',
  'new_password',
  '*.new_password',
  'current_password',
  '*.current_password',
  'token',
  '*.token',
  'access_token',
  'refresh_token',
  '*.access_token',
  '*.refresh_token',
  'secret',
  '*.secret',
  'totp',
  '*.totp',
  'code',
  'recovery_codes',
  '*.recovery_codes',
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
  'email',
  '*.email',
  '*.*.email',
  'phone',
  '*.phone',
];

// Any key containing one of these, at any depth, is redacted by the scrubber (keys are snake-cased first).
const SENSITIVE_FRAGMENTS = [
  'password',
  'passwd',
  'secret',
  'authorization',
  'cookie',
  'recovery_code',
  'totp',
  'api_key',
  'private_key',
];
// Any key equal to, or ending in `_` + one of these.
const SENSITIVE_SUFFIXES = ['token', 'tokens', 'jwt', 'otp', 'phone', 'phone_number'];

const JWT_PATTERN = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const BEARER_PATTERN = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const MAX_DEPTH = 10;

/** `jane@example.com` → `j***@example.com`: enough to tell two users apart in an incident, no more. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 1) return REDACTED;
  return `${value[0]}***${value.slice(at)}`;
}

/** pino `redact.censor`: emails are masked, everything else is replaced. */
export function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1] ?? '';
  if (isEmailKey(key) && typeof value === 'string') return maskEmail(value);
  return REDACTED;
}

function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function isSensitiveKey(key: string): boolean {
  return verdictOf(key).sensitive;
}

function isEmailKey(key: string): boolean {
  return verdictOf(key).email;
}

interface KeyVerdict {
  sensitive: boolean;
  email: boolean;
}

// Every logged object's keys are judged on every line, and a service logs the same few dozen keys
// over and over: each key's verdict is worked out once (a bounded memo, emptied when it is full, so
// keys taken from data cannot grow it without limit).
const MAX_REMEMBERED_KEYS = 2_000;
const verdicts = new Map<string, KeyVerdict>();

function verdictOf(key: string): KeyVerdict {
  let verdict = verdicts.get(key);
  if (verdict) return verdict;
  const k = snakeCase(key);
  verdict = {
    sensitive:
      SENSITIVE_FRAGMENTS.some((f) => k.includes(f)) ||
      SENSITIVE_SUFFIXES.some((s) => k === s || k.endsWith(`_${s}`)),
    email: k === 'email' || k.endsWith('_email'),
  };
  if (verdicts.size >= MAX_REMEMBERED_KEYS) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

// What each pattern cannot match without: a string that has none of these (ids, times, codes, most
// messages) comes back as it is, without running the three replacements.
const MIGHT_HOLD_CREDENTIALS = /@|eyJ|bearer/i;

/** Replaces JWTs and bearer credentials, masks email addresses, wherever they sit in a string. */
export function scrubString(value: string): string {
  if (!MIGHT_HOLD_CREDENTIALS.test(value)) return value;
  return value
    .replace(BEARER_PATTERN, REDACTED)
    .replace(JWT_PATTERN, REDACTED)
    .replace(EMAIL_PATTERN, (email) => maskEmail(email));
}

/**
 * A scrubbed copy of `value` (the caller's object is never mutated): sensitive keys redacted at any
 * depth, email keys masked, credential-looking strings replaced. Errors are left to the err serializer.
 */
export function scrubDeep(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => scrubDeep(item, depth + 1, seen));
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return scrubDeep(json.call(value), depth + 1, seen);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrubEntry(key, item, depth, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

function scrubEntry(key: string, item: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (item === null || item === undefined || typeof item === 'boolean') return item;
  if (isEmailKey(key) && typeof item === 'string') return maskEmail(item);
  if (isSensitiveKey(key)) return REDACTED;
  return scrubDeep(item, depth + 1, seen);
}
