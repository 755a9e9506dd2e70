import type { OpenAPIObject } from '@nestjs/swagger';

type Node = Record<string, unknown>;

const isObject = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Rewrites one schema written the OpenAPI 3.0 way (`nullable: true`) as JSON Schema 2020-12 for 3.1:
 * a type list with "null", null in an enum, or `anyOf` with `{type: 'null'}` around a `$ref`.
 */
function nullableTo31(schema: Node): Node {
  if (schema.nullable !== true) {
    delete schema.nullable;
    return schema;
  }
  const { nullable: _dropped, ...rest } = schema;
  if (typeof rest.type === 'string') {
    const out: Node = { ...rest, type: [rest.type, 'null'] };
    if (Array.isArray(rest.enum) && !rest.enum.includes(null)) out.enum = [...rest.enum, null];
    return out;
  }
  const { description, ...inner } = rest;
  return {
    ...(description !== undefined ? { description } : {}),
    anyOf: [inner, { type: 'null' }],
  };
}

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!isObject(node)) return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) out[key] = convert(value);
  return 'nullable' in out ? nullableTo31(out) : out;
}

/**
 * The gateway's document as OpenAPI 3.1 (swagger emits 3.0): 3.1 is what has the `webhooks` section,
 * and its schemas are plain JSON Schema. Only `nullable` needs rewriting in what the gateway emits.
 */
export function toOpenApi31(document: OpenAPIObject): OpenAPIObject {
  const converted = convert(document) as OpenAPIObject;
  converted.openapi = '3.1.0';
  return converted;
}
