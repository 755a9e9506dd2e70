import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { registeredSchema } from './named-schema';

const SCHEMA_REF = /^#\/components\/schemas\/(.+)$/;

export function isSchemaReference(value: SchemaObject | ReferenceObject): value is ReferenceObject {
  return '$ref' in value;
}

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, into));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const match = key === '$ref' && typeof value === 'string' ? SCHEMA_REF.exec(value) : null;
      if (match) into.add(match[1]);
      else collectRefs(value, into);
    }
  }
}

/**
 * Adds every named schema (defineSchema) the document refers to, transitively, to
 * `components.schemas`. Returns a note per reference that resolves to nothing.
 */
export function resolveNamedSchemas(document: OpenAPIObject): string[] {
  const schemas = ((document.components ??= {}).schemas ??= {});
  const notes: string[] = [];
  const pending = new Set<string>();
  collectRefs(document, pending);
  const done = new Set<string>();
  while (pending.size) {
    const [name] = pending;
    pending.delete(name);
    if (done.has(name)) continue;
    done.add(name);
    if (!schemas[name]) {
      const schema = registeredSchema(name);
      if (!schema) {
        notes.push(`Nothing defines the schema "${name}" that the document refers to`);
        continue;
      }
      schemas[name] = structuredClone(schema);
    }
    collectRefs(schemas[name], pending);
  }
  return notes;
}

/** Drops shared parameters and headers no operation refers to (e.g. If-Match before any route uses it). */
export function dropUnusedSharedComponents(document: OpenAPIObject): void {
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') used.add(value);
        else visit(value);
      }
    }
  };
  visit(document.paths);
  visit(document.components?.responses);
  for (const kind of ['parameters', 'headers'] as const) {
    const entries = document.components?.[kind] ?? {};
    for (const name of Object.keys(entries))
      if (!used.has(`#/components/${kind}/${name}`)) delete entries[name];
  }
}
