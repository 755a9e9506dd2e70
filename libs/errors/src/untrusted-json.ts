import { FieldError } from '@slotline/contracts';

/** Deeper than any payload of the API (weekly hours are 4 levels); far below what overflows a stack. */
export const MAX_JSON_DEPTH = 32;

/** Keys that mean nothing in the API and only ever serve to reach an object's prototype. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A lone UTF-16 surrogate: with the `u` flag a valid pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The first reason a parsed JSON value (body or query) must be refused before anything recursive sees
 * it: nesting deeper than `MAX_JSON_DEPTH`, a string or key that is not well-formed Unicode, or a
 * prototype key. Walks with an explicit stack, so the check itself cannot overflow.
 */
export function findUntrustedJsonFault(value: unknown, root = 'body'): FieldError | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return fault(path, 'invalid_unicode', 'is not valid Unicode text');
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      return fault(path, 'max_depth', `is nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    for (const key of Object.keys(v)) {
      const child = Array.isArray(v) ? `${path}[${key}]` : `${path}.${key}`;
      if (LONE_SURROGATE.test(key))
        return fault(path, 'invalid_unicode', 'has a key that is not valid Unicode text');
      if (PROTOTYPE_KEYS.has(key)) return fault(child, 'forbidden_key', 'is not a permitted field name');
      stack.push({ value: (v as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return null;
}

function fault(path: string, code: string, problem: string): FieldError {
  // A path through thousands of levels is noise: the first part says where it went wrong.
  const field = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return { field, code, message: `${field} ${problem}` };
}
