import type { SchemaObject } from '@nestjs/swagger';
import { ValidationTypes, getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// class-transformer keeps @Type() metadata here; @nestjs/mapped-types reads it the same way.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: Function, property: string): { typeFunction: () => Function } | undefined;
  };
};

/** How one validated property looks in the schema. */
export interface PropertyDoc {
  required: boolean;
  isArray: boolean;
  /** The value's schema; for an array, the schema of its items. Empty when `nested` describes it. */
  schema: SchemaObject;
  /** Array-level keywords (minItems, maxItems, uniqueItems). */
  arraySchema: SchemaObject;
  /** The class of a nested object (or of the items), documented as a model of its own. */
  nested?: Function;
}

export interface ClassDoc {
  properties: Record<string, PropertyDoc>;
  /** Validators this converter does not know: the property is documented without their constraint. */
  unmapped: string[];
}

type Apply = (schema: SchemaObject, constraints: unknown[]) => void;

const string =
  (extra: SchemaObject = {}): Apply =>
  (s) =>
    Object.assign(s, { type: 'string', ...extra });

/** class-validator's decorator names → the JSON Schema keywords they imply. */
const VALIDATORS: Record<string, Apply> = {
  isString: string(),
  isEmail: string({ format: 'email' }),
  isUuid: string({ format: 'uuid' }),
  isIso8601: string({ format: 'date-time' }),
  isDateString: string({ format: 'date-time' }),
  isUrl: string({ format: 'uri' }),
  isJwt: string(),
  isTimeZone: string({ example: 'Europe/Berlin' }),
  isIanaTimeZone: string({ description: 'IANA time zone', example: 'Europe/Berlin' }),
  isBcp47Locale: string({ description: 'BCP 47 language tag', example: 'de-AT', maxLength: 35 }),
  isAlphanumeric: string({ pattern: '^[A-Za-z0-9]*$' }),
  isNumberString: string({ pattern: '^-?\\d+(\\.\\d+)?$' }),
  isNotEmpty: (s) => {
    if (s.type === 'string' || s.type === undefined) s.minLength = Math.max(s.minLength ?? 0, 1);
  },
  minLength: (s, [n]) => Object.assign(s, { type: 'string', minLength: n }),
  maxLength: (s, [n]) => Object.assign(s, { type: 'string', maxLength: n }),
  isLength: (s, [min, max]) => {
    s.type = 'string';
    if (typeof min === 'number') s.minLength = min;
    if (typeof max === 'number') s.maxLength = max;
  },
  matches: (s, [pattern]) => {
    s.type = 'string';
    s.pattern = pattern instanceof RegExp ? pattern.source : String(pattern);
  },
  // Slotline's date-time validators: the pattern, plus a calendar check the schema cannot express.
  isInstant: (s, [pattern]) => {
    s.type = 'string';
    s.pattern = pattern instanceof RegExp ? pattern.source : String(pattern);
  },
  isLocalDateTime: (s, [pattern]) => {
    s.type = 'string';
    s.pattern = pattern instanceof RegExp ? pattern.source : String(pattern);
  },
  // SCH-8 schedule batch items (libs/contracts/src/scheduling/schedule-batch.payloads.ts).
  endsAfterStart: (s) => Object.assign(s, { description: 'After `start`.' }),
  absentWith: (s, [other]) => Object.assign(s, { description: `Not together with \`${String(other)}\`.` }),
  isInt: (s) => {
    s.type = 'integer';
  },
  isNumber: (s) => {
    if (s.type !== 'integer') s.type = 'number';
  },
  min: (s, [n]) => Object.assign(s, { minimum: n }),
  max: (s, [n]) => Object.assign(s, { maximum: n }),
  isPositive: (s) => Object.assign(s, { minimum: 0, exclusiveMinimum: true }),
  isNegative: (s) => Object.assign(s, { maximum: 0, exclusiveMaximum: true }),
  isDivisibleBy: (s, [n]) => Object.assign(s, { multipleOf: n }),
  isBoolean: (s) => Object.assign(s, { type: 'boolean' }),
  isObject: (s) => Object.assign(s, { type: 'object' }),
  isIn: (s, [values]) => Object.assign(s, { enum: [...(values as unknown[])] }),
  isEnum: (s, [entity]) => {
    // A numeric TypeScript enum maps names both ways; keep the values only.
    const values = Object.entries(entity as object)
      .filter(([key]) => Number.isNaN(Number(key)))
      .map(([, value]) => value as unknown);
    s.enum = values;
  },
  equals: (s, [value]) => Object.assign(s, { enum: [value] }),
  isArray: () => undefined, // decided from the metadata type below
};

const ARRAY_VALIDATORS: Record<string, Apply> = {
  arrayMinSize: (s, [n]) => Object.assign(s, { minItems: n }),
  arrayMaxSize: (s, [n]) => Object.assign(s, { maxItems: n }),
  arrayNotEmpty: (s) => Object.assign(s, { minItems: Math.max((s.minItems as number | undefined) ?? 0, 1) }),
  arrayUnique: (s) => Object.assign(s, { uniqueItems: true }),
};

const PRIMITIVE_TYPES = new Map<unknown, SchemaObject>([
  [String, { type: 'string' }],
  [Number, { type: 'number' }],
  [Boolean, { type: 'boolean' }],
  [Date, { type: 'string', format: 'date-time' }],
]);

function inferEnumType(schema: SchemaObject): void {
  if (schema.type || !schema.enum?.length) return;
  const kinds = new Set(schema.enum.map((v) => typeof v));
  if (kinds.size === 1)
    schema.type = kinds.has('number') ? 'number' : kinds.has('boolean') ? 'boolean' : 'string';
}

function describeProperty(
  cls: Function,
  property: string,
  metas: ValidationMetadata[],
  unmapped: string[],
): PropertyDoc {
  const doc: PropertyDoc = { required: true, isArray: false, schema: {}, arraySchema: {} };
  const designType: unknown = Reflect.getMetadata('design:type', cls.prototype, property);
  let nested = false;
  for (const meta of metas) {
    if (meta.type === ValidationTypes.CONDITIONAL_VALIDATION)
      doc.required = false; // @IsOptional, @ValidateIf
    else if (meta.type === ValidationTypes.NESTED_VALIDATION) {
      nested = true;
      if (meta.each) doc.isArray = true;
    } else if (meta.type === ValidationTypes.CUSTOM_VALIDATION && meta.name) {
      if (meta.name === 'isArray') doc.isArray = true;
      if (meta.each) doc.isArray = true;
      const arrayRule = ARRAY_VALIDATORS[meta.name];
      if (arrayRule) {
        doc.isArray = true;
        arrayRule(doc.arraySchema, meta.constraints ?? []);
        continue;
      }
      const rule = VALIDATORS[meta.name];
      if (rule) rule(doc.schema, meta.constraints ?? []);
      else unmapped.push(`${cls.name}.${property}: @${meta.name}`);
    } else if (meta.type === ValidationTypes.CUSTOM_VALIDATION) {
      unmapped.push(`${cls.name}.${property}: custom validator ${meta.constraintCls?.name ?? ''}`.trim());
    }
  }
  if (designType === Array) doc.isArray = true;
  const typeFunction = defaultMetadataStorage.findTypeMetadata(cls, property)?.typeFunction;
  const declared = typeFunction?.();
  if (nested) {
    const target = declared ?? (designType !== Array ? designType : undefined);
    if (typeof target === 'function' && !PRIMITIVE_TYPES.has(target)) doc.nested = target;
  }
  if (!doc.nested) {
    inferEnumType(doc.schema);
    // @Type(() => Number) on a query field says how it is parsed, not what it is: the validators decide.
    if (!doc.schema.type)
      Object.assign(doc.schema, PRIMITIVE_TYPES.get(declared) ?? PRIMITIVE_TYPES.get(designType) ?? {});
  }
  return doc;
}

/**
 * Describes a class-validator payload class as schema keywords, from the same metadata the
 * ValidationPipe enforces (so the document cannot drift from validation). Includes inherited fields.
 */
export function describeValidatedClass(cls: Function): ClassDoc {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of metas) {
    if (!meta.propertyName) continue;
    byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  }
  const unmapped: string[] = [];
  const properties: Record<string, PropertyDoc> = {};
  for (const [property, list] of byProperty)
    properties[property] = describeProperty(cls, property, list, unmapped);
  return { properties, unmapped };
}

/** Whether class-validator knows any rule of this class (it is a payload class). */
export function hasValidationMetadata(cls: Function): boolean {
  return getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false).length > 0;
}
