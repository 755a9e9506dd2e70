import { ApiProperty, ApiPropertyOptions, DECORATORS } from '@nestjs/swagger';
import { PropertyDoc, describeValidatedClass } from './validator-schema';

/** Properties this module documented, so a later run does not mistake them for hand-written ones. */
const derived = new WeakMap<object, Set<string>>();

function hasHandWrittenApiProperty(cls: Function, key: string): boolean {
  for (let proto = cls.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    if (Reflect.getOwnMetadata(DECORATORS.API_MODEL_PROPERTIES, proto, key) !== undefined)
      return !derived.get(proto)?.has(key);
  }
  return false;
}

function defaultsOf(cls: Function): Record<string, unknown> {
  try {
    return { ...(new (cls as new () => object)() as Record<string, unknown>) };
  } catch {
    return {}; // a payload class with a constructor that needs arguments: no defaults to show
  }
}

function toApiProperty(doc: PropertyDoc, defaultValue: unknown): ApiPropertyOptions {
  const base = { required: doc.required, ...(isScalar(defaultValue) ? { default: defaultValue } : {}) };
  if (doc.nested) {
    const nested = doc.nested;
    return {
      ...base,
      type: () => nested,
      ...(doc.isArray ? { isArray: true, ...doc.arraySchema } : {}),
    } as ApiPropertyOptions;
  }
  if (doc.isArray)
    return { ...base, type: 'array', items: doc.schema, ...doc.arraySchema } as ApiPropertyOptions;
  return { ...base, ...doc.schema } as ApiPropertyOptions;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Gives @nestjs/swagger the model of a class-validator payload class, by applying @ApiProperty per
 * validated property (what the Nest CLI plugin would do at compile time), so swagger itself builds
 * request bodies, expands query DTOs into parameters and follows nested classes. A hand-written
 * @ApiProperty on a property wins. Returns the classes documented (nested ones included) and the
 * validators it could not translate.
 */
export function documentValidatedClass(
  cls: Function,
  seen = new Set<Function>(),
): { classes: Function[]; unmapped: string[] } {
  const unmapped: string[] = [];
  const visit = (target: Function): void => {
    if (seen.has(target)) return;
    seen.add(target);
    const { properties, unmapped: missing } = describeValidatedClass(target);
    unmapped.push(...missing);
    const defaults = defaultsOf(target);
    const mine = derived.get(target.prototype) ?? new Set<string>();
    derived.set(target.prototype, mine);
    for (const [key, doc] of Object.entries(properties)) {
      if (doc.nested) visit(doc.nested);
      if (hasHandWrittenApiProperty(target, key)) continue;
      mine.add(key);
      // createApiPropertyDecorator(options, overrideExisting) replaces what an earlier run derived.
      ApiProperty(toApiProperty(doc, defaults[key]))(target.prototype, key);
    }
  };
  visit(cls);
  return { classes: [...seen], unmapped };
}
