import { ValidationTypes, getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// class-transformer keeps @Type() and @Expose/@Exclude metadata here (the gateway's OpenAPI schema reads it too).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage: transformerMetadata } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(
      target: Function,
      property: string,
    ): { typeFunction: (...args: unknown[]) => Function; options?: { discriminator?: unknown } } | undefined;
    findTransformMetadatas(target: Function, property: string, transformationType: number): unknown[];
    getExposedMetadatas(target: Function): unknown[];
    getExcludedMetadatas(target: Function): unknown[];
  };
};
const PLAIN_TO_CLASS = 0;

/** Whether `data` certainly passes every rule of its class (false also means "not sure"). */
type DataRule = (data: Record<string, unknown>) => boolean;
type Ctor = new () => object;

const validatorMetadata = getMetadataStorage();
const compiled = new Map<Function, DataRule | null>();
const isEnumerable = Object.prototype.propertyIsEnumerable;

/**
 * True when `data` (a plain object) passes every class-validator rule of `payload`, as
 * `validateSync(plainToInstance(payload, data))` with no groups would find; false when it does not,
 * or when this checker cannot tell (a class shape it does not model: the caller then asks
 * class-validator itself, which also words the problems). It evaluates the same constraint objects
 * class-validator registered, read once per class instead of on every call, and reads the plain data
 * where class-transformer would first copy it into instances. `payload-rules.spec.ts` compares its
 * answer with class-validator's for every declared event type and many mutations of each.
 */
export function passesEveryRule(payload: Function, data: Record<string, unknown>): boolean {
  let rule = compiled.get(payload);
  if (rule === undefined) {
    rule = compileClass(payload, new Set());
    compiled.set(payload, rule);
  }
  return rule !== null && isPlainObject(data) && rule(data);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** null: a shape this checker leaves to class-validator. */
function compileClass(cls: Function, compiling: Set<Function>): DataRule | null {
  if (compiling.has(cls)) return null;
  compiling.add(cls);
  const metas = validatorMetadata.getTargetValidationMetadatas(cls, '', false, false, undefined);
  // forbidUnknownValues (class-validator's default): a class without rules is an error.
  if (metas.length === 0) return () => false;
  if (!transformsAsIs(cls, metas)) return null;
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of metas) {
    if (typeof meta.target === 'string') return null;
    byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  }
  const properties: Array<[string, PropertyRule]> = [];
  for (const [property, own] of byProperty) {
    const rule = compileProperty(cls, property, own, compiling);
    if (rule === null) return null;
    properties.push([property, rule]);
  }
  const names = properties.map(([property]) => property);
  const rules = properties.map(([, rule]) => rule);
  return (data) => {
    for (let i = 0; i < names.length; i++) {
      const value = data[names[i]];
      // class-transformer copies own enumerable keys only; anything else is left to it.
      if (value !== undefined && !isEnumerable.call(data, names[i])) return false;
      if (!rules[i](value, data)) return false;
    }
    return true;
  };
}

/**
 * plainToInstance gives each validated property the plain value (or a copy of it) only when nothing
 * renames, hides, converts or defaults it: no @Expose/@Exclude/@Transform, no accessor on the class,
 * no field initialiser.
 */
function transformsAsIs(cls: Function, metas: ValidationMetadata[]): boolean {
  if (transformerMetadata.getExposedMetadatas(cls).length > 0) return false;
  if (transformerMetadata.getExcludedMetadatas(cls).length > 0) return false;
  let fresh: Record<string, unknown>;
  try {
    fresh = new (cls as Ctor)() as Record<string, unknown>;
  } catch {
    return false;
  }
  for (const { propertyName } of metas) {
    if (transformerMetadata.findTransformMetadatas(cls, propertyName, PLAIN_TO_CLASS).length > 0)
      return false;
    if (fresh[propertyName] !== undefined) return false;
  }
  for (let proto = cls.prototype as object | null; proto && proto !== Object.prototype;) {
    if (Object.getOwnPropertyNames(proto).some((name) => name !== 'constructor')) return false;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return true;
}

type PropertyRule = (value: unknown, data: Record<string, unknown>) => boolean;
type ValueRule = (value: unknown, data: Record<string, unknown>) => boolean;

/** class-validator's `performValidations` for one property, as a yes/no. */
function compileProperty(
  cls: Function,
  property: string,
  metas: ValidationMetadata[],
  compiling: Set<Function>,
): PropertyRule | null {
  const conditions: ValidationMetadata[] = [];
  const checks: ValueRule[] = [];
  const nested: ValidationMetadata[] = [];
  for (const meta of metas) {
    if (meta.type === ValidationTypes.CONDITIONAL_VALIDATION) conditions.push(meta);
    else if (meta.type === ValidationTypes.NESTED_VALIDATION) nested.push(meta);
    else if (meta.type === ValidationTypes.CUSTOM_VALIDATION || meta.type === ValidationTypes.IS_DEFINED) {
      const check = compileConstraint(cls, property, meta);
      if (check === null) return null;
      checks.push(check);
    } else if (meta.type !== ValidationTypes.WHITELIST) return null;
  }
  if (nested.length > 0) {
    const nestedRule = compileNested(cls, property, compiling);
    if (nestedRule === null) return null;
    checks.push(nestedRule);
  }
  const applies = conditions.map((c) => c.constraints[0] as (o: object, v: unknown) => boolean);
  return (value, data) => {
    for (let i = 0; i < applies.length; i++) if (!applies[i](data, value)) return true;
    for (let i = 0; i < checks.length; i++) if (!checks[i](value, data)) return false;
    return true;
  };
}

/** class-validator's `customValidations` for one decorator: every constraint class it registered. */
function compileConstraint(cls: Function, property: string, meta: ValidationMetadata): ValueRule | null {
  const constraints = validatorMetadata.getTargetValidatorConstraints(meta.constraintCls);
  if (constraints.length === 0 || constraints.some((c) => c.async)) return null;
  const validators = constraints.map((c) => c.instance);
  // The arguments class-validator gives a rule, one object reused: every rule here is synchronous.
  const args = {
    targetName: cls.name,
    property: meta.propertyName,
    object: {} as object,
    value: undefined as unknown,
    constraints: meta.constraints,
  };
  return (value, data) => {
    if (meta.validateIf && !meta.validateIf(data, value)) return true;
    if (meta.each && (value instanceof Set || value instanceof Map)) return false;
    args.object = data;
    args.value = value;
    const items = meta.each && Array.isArray(value) ? (value as unknown[]) : null;
    for (let v = 0; v < validators.length; v++) {
      if (items) {
        for (let i = 0; i < items.length; i++)
          if (validators[v].validate(items[i], args) !== true) return false;
      } else if (validators[v].validate(value, args) !== true) return false;
    }
    return true;
  };
}

/** @ValidateNested with @Type(() => X): the plain value (or each item of an array) must pass X's rules. */
function compileNested(cls: Function, property: string, compiling: Set<Function>): ValueRule | null {
  const typeMeta = transformerMetadata.findTypeMetadata(cls, property);
  if (!typeMeta || typeMeta.options?.discriminator || typeMeta.typeFunction.length > 0) return null;
  const type = typeMeta.typeFunction();
  if (typeof type !== 'function') return null;
  const inner = compiled.has(type) ? compiled.get(type)! : compileClass(type, compiling);
  if (!compiled.has(type)) compiled.set(type, inner);
  if (inner === null) return null;
  const one = (item: unknown) => isPlainObject(item) && inner(item);
  return (value) => {
    if (value === undefined) return true;
    if (Array.isArray(value)) return value.every((item) => item === undefined || one(item));
    return one(value);
  };
}
