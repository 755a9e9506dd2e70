import type { OpenAPIObject, ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';

/**
 * Malformed variants of every operation of an OpenAPI document, for the fuzz test: wrong types, null,
 * huge and deeply nested values, invalid Unicode, prototype-pollution keys, bad ids, dates and cursors.
 * Deterministic (no randomness), so a failure names a request that fails again.
 */
export interface FuzzCase {
  operation: string;
  method: string;
  /** Path with parameters filled in and query appended, already percent-encoded where meant to be. */
  url: string;
  /** Raw JSON text (it may be deliberately invalid), or undefined for no body. */
  body?: string;
  what: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const DEEP = 5000;
const HUGE = 'x'.repeat(60_000);

/** A JSON text nested `levels` deep, written by hand: building it as a value would be the overflow under test. */
export function deeplyNested(levels: number, leaf = '1'): string {
  return '['.repeat(levels) + leaf + ']'.repeat(levels);
}

/** Raw JSON fragments (not values) so that invalid Unicode survives the way a client would send it. */
const BAD_VALUES: Array<[string, string]> = [
  ['null', 'null'],
  ['a number', '12345678901234567890'],
  ['a string', '"not the right type"'],
  ['a huge string', JSON.stringify(HUGE)],
  ['a lone surrogate', '"a\\ud800b"'],
  ['a deep array', deeplyNested(DEEP)],
  ['a prototype object', '{"__proto__":{"polluted":"yes"}}'],
  ['an array of objects', '[{"a":1},{"b":[]}]'],
];

const WHOLE_BODIES: Array<[string, string]> = [
  ['an array body', '[]'],
  ['a string body', '"body"'],
  ['a number body', '42'],
  ['a null body', 'null'],
  ['an empty object', '{}'],
  ['invalid JSON', '{"a":'],
  ['a deeply nested body', deeplyNested(20_000)],
  ['a __proto__ body', '{"__proto__":{"polluted":"yes"}}'],
  ['a constructor.prototype body', '{"constructor":{"prototype":{"polluted":"yes"}}}'],
  ['a lone surrogate key', '{"\\udc00":1}'],
];

const BAD_IDS: Array<[string, string]> = [
  ['a non-uuid id', 'not-a-uuid'],
  ['the nil uuid', '00000000-0000-0000-0000-000000000000'],
  ['an unknown uuid', '0198c0de-0000-7000-8000-000000000000'],
  ['an invalid percent-encoding', '%ED%A0%80'],
  ['a NUL byte', '%00'],
  ['a traversal', '..%2F..%2Fadmin'],
  ['a huge id', 'a'.repeat(5000)],
];

const BAD_QUERY_VALUES: Array<[string, string]> = [
  ['empty', ''],
  ['float overflow', '1e309'],
  ['a bad date', '2026-02-30T25%3A61%3A00Z'],
  ['a bad cursor', 'eyJub3QiOiJhIGN1cnNvciJ9'],
  ['invalid percent-encoding', '%ED%A0%80'],
  ['huge', 'q'.repeat(5000)],
];

type Schema = SchemaObject | ReferenceObject;

function resolve<T>(doc: OpenAPIObject, obj: T | ReferenceObject): T {
  let o: unknown = obj;
  while (o && typeof o === 'object' && '$ref' in o) {
    const parts = (o as ReferenceObject).$ref.replace(/^#\//, '').split('/');
    o = parts.reduce<unknown>((acc, k) => (acc as Record<string, unknown>)[k], doc);
  }
  return o as T;
}

/** A plausible value for a schema: the baseline that each variant spoils in one place. */
function sample(doc: OpenAPIObject, schema: Schema | undefined, depth = 0): unknown {
  const s = schema ? resolve<SchemaObject>(doc, schema) : {};
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  const alt = s.oneOf?.[0] ?? s.anyOf?.[0] ?? s.allOf?.[0];
  if (alt) return sample(doc, alt, depth + 1);
  switch (s.type) {
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 ? [] : [sample(doc, s.items, depth + 1)];
    case 'object':
      return depth > 4 ? {} : sampleObject(doc, s, depth);
    default:
      if (s.properties) return sampleObject(doc, s, depth);
      if (s.format === 'uuid') return '0198c0de-0000-7000-8000-000000000000';
      if (s.format === 'date-time') return '2031-03-03T10:00:00Z';
      if (s.format === 'email') return 'fuzz@example.com';
      return 'value';
  }
}

function sampleObject(doc: OpenAPIObject, s: SchemaObject, depth: number): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(doc, v, depth + 1)]),
  );
}

function bodySchema(doc: OpenAPIObject, op: Record<string, unknown>): Schema | undefined {
  const rb = op.requestBody as
    { content?: Record<string, { schema?: Schema }> } | ReferenceObject | undefined;
  return rb
    ? resolve<{ content?: Record<string, { schema?: Schema }> }>(doc, rb).content?.['application/json']
        ?.schema
    : undefined;
}

/** Every case for every operation of `doc`, in document order. */
export function fuzzCases(doc: OpenAPIObject): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as unknown as Record<string, unknown> | undefined;
      if (!op) continue;
      const operation = `${method.toUpperCase()} ${path}`;
      const params = ((op.parameters ?? []) as Array<ParameterObject | ReferenceObject>).map((p) =>
        resolve<ParameterObject>(doc, p),
      );
      const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name);
      const queryParams = params.filter((p) => p.in === 'query').map((p) => p.name);
      const fill = (value: string) => pathParams.reduce((u, name) => u.replace(`{${name}}`, value), path);
      const okPath = fill('0198c0de-0000-7000-8000-000000000000');
      const schema = bodySchema(doc, op);
      const baseline = schema ? sample(doc, schema) : undefined;
      const okBody = baseline === undefined ? undefined : JSON.stringify(baseline);
      const add = (url: string, what: string, body = okBody) =>
        cases.push({ operation, method, url, body, what });

      for (const [what, id] of pathParams.length ? BAD_IDS : []) add(fill(id), `path: ${what}`);
      for (const name of queryParams) {
        for (const [what, value] of BAD_QUERY_VALUES)
          add(`${okPath}?${name}=${value}`, `query ${name}: ${what}`);
        add(`${okPath}?${name}=a&${name}=b`, `query ${name}: repeated`);
        add(`${okPath}?${name}[a][b]=1`, `query ${name}: nested`);
      }
      add(`${okPath}?__proto__[polluted]=yes&constructor[prototype][polluted]=yes`, 'query: prototype keys');
      if (!schema) continue;
      for (const [what, text] of WHOLE_BODIES) add(okPath, `body: ${what}`, text);
      const props = Object.keys((baseline ?? {}) as Record<string, unknown>);
      for (const prop of props) {
        for (const [what, raw] of BAD_VALUES) {
          // Spliced as text: JSON.stringify would turn the lone surrogate into an escape of a valid pair.
          const others = { ...(baseline as Record<string, unknown>) };
          delete others[prop];
          const rest = JSON.stringify(others).slice(1, -1);
          add(okPath, `body ${prop}: ${what}`, `{${rest}${rest ? ',' : ''}${JSON.stringify(prop)}:${raw}}`);
        }
      }
    }
  }
  return cases;
}
