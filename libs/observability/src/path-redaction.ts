import redactor from '@pinojs/redact';
import { censor, REDACT_PATHS } from './redaction';

/**
 * pino's `redact` option, applied only where it can change something. pino runs the option's redactor
 * on every field of every line (a selective clone and a walk of every path, parsed again on each call);
 * the scrubber has already redacted almost everything those paths name, so the redactor nearly always
 * returns what it was given. Here the same redactors (`@pinojs/redact`, the library pino uses, built
 * from the paths exactly as pino builds them) run only when a field holds a key a path ends in whose
 * value the censor would change; the output is the same, byte for byte, but for the one case noted in
 * docs/observability/logging.md. `logger-output.spec.ts` compares it with pino's own option.
 */

type Redact = (value: object) => unknown;
const build = (paths: string[], pathCensor: (value: unknown, path: string[]) => unknown): Redact =>
  // The typings declare a one-argument censor; the library (as pino relies on) passes the path too.
  redactor({
    paths,
    censor: pathCensor as (v: unknown) => unknown,
    serialize: false,
    strict: false,
  }) as Redact;

const WILDCARD = Symbol('wildcard');
// pino's parser of a path's first segment (lib/redaction.js).
const SEGMENT = /[^.[\]]+|\[([^[\]]*?)\]/g;

/** pino's shape: a top-level key censored whole (null), or the rest of each path under that key. */
function shapeOf(paths: readonly string[]): Map<string | symbol, string[] | null> {
  const o: Record<string | symbol, string[] | null> = {};
  for (const str of paths) {
    SEGMENT.lastIndex = 0;
    const first = SEGMENT.exec(str)!;
    const next = SEGMENT.exec(str);
    let ns: string | symbol =
      first[1] !== undefined ? first[1].replace(/^(?:"|'|`)(.*)(?:"|'|`)$/, '$1') : first[0];
    if (ns === '*') ns = WILDCARD;
    if (next === null) {
      o[ns] = null;
      continue;
    }
    if (o[ns] === null) continue;
    const rest = str.substr(next.index, str.length - 1);
    const list = o[ns] ?? [];
    o[ns] = list;
    if (ns !== WILDCARD && list.length === 0) list.push(...(o[WILDCARD] ?? []));
    if (ns === WILDCARD) for (const k of Object.keys(o)) o[k]?.push(rest);
    list.push(rest);
  }
  return new Map<string | symbol, string[] | null>([
    ...Object.keys(o).map((k) => [k, o[k]] as const),
    ...Object.getOwnPropertySymbols(o).map((k) => [k, o[k]] as const),
  ]);
}

const lastSegments = (paths: string[]) =>
  new Set(
    paths.map((p) =>
      p
        .replace(/\["?'?([^"'\]]*)"?'?\]$/, '.$1')
        .split('.')
        .pop()!,
    ),
  );
const depthOf = (paths: string[]) =>
  Math.max(
    0,
    ...paths.map(
      (p) =>
        p
          .replace(/\[[^\]]*\]/g, '.x')
          .split('.')
          .filter(Boolean).length,
    ),
  );

const shape = shapeOf(REDACT_PATHS);
const wholeKeys = new Set([...shape].filter(([, rests]) => rests === null).map(([key]) => key as string));
const fieldRedactors = new Map<string | symbol, { redact: Redact; lastKeys: Set<string>; depth: number }>();
for (const [key, rests] of shape)
  if (rests)
    fieldRedactors.set(key, {
      redact: build(rests, (value, path) => censor(value, [key as string, ...path])),
      lastKeys: lastSegments(rests),
      depth: depthOf(rests),
    });
const rootRedactor = {
  redact: build([...REDACT_PATHS], censor),
  lastKeys: lastSegments([...REDACT_PATHS]),
  depth: depthOf([...REDACT_PATHS]),
};

/**
 * Whether a redactor could change `value`: some key a path ends in, within the paths' depth, holds
 * a value the censor would replace. False means the redactor would return an equal copy.
 */
function mayChange(value: unknown, lastKeys: Set<string>, depth: number): boolean {
  if (depth === 0 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => mayChange(item, lastKeys, depth - 1));
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (lastKeys.has(key) && censor(item, [key]) !== item) return true;
    if (mayChange(item, lastKeys, depth - 1)) return true;
  }
  return false;
}

/** One field of a line (or of the bindings) as pino's redaction stringifier for `key` leaves it. */
export function redactField(key: string, value: unknown): unknown {
  if (wholeKeys.has(key)) return censor(value, [key]);
  const field = fieldRedactors.get(key) ?? fieldRedactors.get(WILDCARD);
  if (!field || !mayChange(value, field.lastKeys, field.depth)) return value;
  return field.redact(value as object);
}

/**
 * Every field of `fields` but `skip` (the err serializer's, which redacts its own output) through
 * `redactField`, in place: `fields` is the scrubber's fresh copy. pino never writes a function of a
 * logged object (its bindings, it does, through the censor), so those are left alone when asked.
 */
export function redactFields(fields: unknown, skip: string, skipFunctions: boolean): void {
  if (fields === null || typeof fields !== 'object') return;
  const record = fields as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === undefined || key === skip || (skipFunctions && typeof value === 'function')) continue;
    const redacted = redactField(key, value);
    if (redacted !== value) record[key] = redacted;
  }
}

/**
 * The log call's arguments with each object that pino will interpolate into the message (`%o`, `%O`,
 * `%j`, or every argument after an object message) redacted as pino's format redactor would. Walks
 * the format string as quick-format-unescaped (pino's formatter) does, to find which they are.
 */
export function redactInterpolated(args: unknown[]): unknown[] {
  const [first] = args;
  const objectFirst = typeof first === 'object';
  if (objectFirst && first === null && args.length === 1) return args;
  const msgAt = objectFirst || first === undefined ? 1 : 0;
  const msg = args[msgAt];
  const params = args.slice(msgAt + 1);
  let indexes: number[];
  if (typeof msg === 'object' && msg !== null) {
    if (params.length === 0) return args;
    indexes = [-1, ...params.map((_, i) => i).filter((i) => i > 0)];
  } else if (typeof msg === 'string' && params.length > 0) indexes = stringifiedParams(msg, params);
  else return args;
  let out = args;
  for (const index of indexes) {
    const at = msgAt + 1 + index;
    const value = args[at];
    if (value === null || typeof value !== 'object') continue;
    if (!mayChange(value, rootRedactor.lastKeys, rootRedactor.depth)) continue;
    if (out === args) out = [...args];
    out[at] = rootRedactor.redact(value);
  }
  return out;
}

/** Which of `args` quick-format-unescaped passes to its stringifier for the format string `f`. */
function stringifiedParams(f: string, args: unknown[]): number[] {
  const out: number[] = [];
  let a = 0;
  for (let i = 0; i < f.length;) {
    if (f.charCodeAt(i) === 37 && i + 1 < f.length) {
      switch (f.charCodeAt(i + 1)) {
        case 100: // d
        case 102: // f
        case 105: // i
          if (a >= args.length || args[a] == null) break;
          i++;
          break;
        case 79: // O
        case 111: // o
        case 106: // j
          if (a >= args.length || args[a] === undefined) break;
          if (typeof args[a] !== 'string' && typeof args[a] !== 'function') out.push(a);
          i++;
          break;
        case 115: // s
          if (a >= args.length) break;
          i++;
          break;
        case 37: // %
          i++;
          a--;
          break;
      }
      ++a;
    }
    ++i;
  }
  return out;
}
