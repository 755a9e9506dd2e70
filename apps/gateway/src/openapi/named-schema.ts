import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

export type Schema = SchemaObject | ReferenceObject;

/** A response schema with a name: it lands in `components.schemas` and routes refer to it by `$ref`. */
export interface NamedSchema {
  readonly name: string;
  readonly schema: SchemaObject;
}

const OPTIONAL = Symbol('optional');

/** A property the object may omit (its key is optional in the TypeScript type). */
export interface OptionalField {
  readonly [OPTIONAL]: true;
  readonly schema: Schema;
}

type FieldSpec<T, K extends keyof T> =
  Pick<T, K> extends Required<Pick<T, K>> ? Schema | NamedSchema : OptionalField;

/**
 * One entry per key of `T`, no more and no fewer; optional keys of `T` must be wrapped in `optional()`
 * and required ones must not. So a response schema stops compiling when its interface changes.
 */
export type ObjectFields<T> = { [K in keyof T]-?: FieldSpec<T, K> };

type ObjectExtras = Omit<SchemaObject, 'type' | 'properties' | 'required'>;

const registry = new Map<string, SchemaObject>();

export function isNamedSchema(value: unknown): value is NamedSchema {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as NamedSchema).name === 'string' &&
    'schema' in value
  );
}

export function ref(named: NamedSchema): ReferenceObject {
  return { $ref: `#/components/schemas/${named.name}` };
}

export function optional(schema: Schema | NamedSchema): OptionalField {
  return { [OPTIONAL]: true, schema: isNamedSchema(schema) ? ref(schema) : schema };
}

export function arrayOf(
  items: Schema | NamedSchema,
  extras: Omit<SchemaObject, 'type' | 'items'> = {},
): SchemaObject {
  return { type: 'array', items: isNamedSchema(items) ? ref(items) : items, ...extras };
}

function isOptional(field: unknown): field is OptionalField {
  return typeof field === 'object' && field !== null && OPTIONAL in field;
}

/** An object schema typed against the interface it describes (see ObjectFields). */
export function objectSchema<T>(fields: ObjectFields<T>, extras: ObjectExtras = {}): SchemaObject {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [key, field] of Object.entries(fields as Record<string, Schema | NamedSchema | OptionalField>)) {
    if (isOptional(field)) {
      properties[key] = field.schema;
      continue;
    }
    properties[key] = isNamedSchema(field) ? ref(field) : field;
    required.push(key);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), ...extras };
}

/**
 * Declares a named schema. Names are global to the document: declaring the same name twice with a
 * different schema throws at load time, so two features cannot silently overwrite each other.
 */
export function defineSchema(name: string, schema: SchemaObject): NamedSchema {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`Schema name "${name}" is not a valid component name`);
  const existing = registry.get(name);
  if (existing && JSON.stringify(existing) !== JSON.stringify(schema)) {
    throw new Error(`Two different schemas are named "${name}"`);
  }
  registry.set(name, schema);
  return { name, schema };
}

/** `defineSchema(name, objectSchema<T>(fields))` in one call. */
export function defineObjectSchema<T>(
  name: string,
  fields: ObjectFields<T>,
  extras: ObjectExtras = {},
): NamedSchema {
  return defineSchema(name, objectSchema<T>(fields, extras));
}

/** The schema registered under `name`, for resolving `$ref`s when the document is assembled. */
export function registeredSchema(name: string): SchemaObject | undefined {
  return registry.get(name);
}
