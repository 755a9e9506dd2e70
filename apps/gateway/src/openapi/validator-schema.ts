import type { SchemaObject } from '@nestjs/swagger';
import { ValidationTypes, getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { ISchemaConverters, defaultConverters } from 'class-validator-jsonschema/build/defaultConverters';

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

const patternOf = (meta: ValidationMetadata): string => {
  const [pattern] = meta.constraints ?? [];
  return pattern instanceof RegExp ? pattern.source : String(pattern);
};

/**
 * Where Slotline's document says more (or says it differently) than class-validator-jsonschema's
 * defaults: its own validators, instants documented as date-time, OpenAPI 3.0 exclusive bounds (the
 * document is converted to 3.1 later, in one place), and enums by value only.
 */
const CONVERTERS: ISchemaConverters = {
  // The API sends and expects instants; the default also allows a bare date.
  isIso8601: { type: 'string', format: 'date-time' },
  isDateString: { type: 'string', format: 'date-time' },
  isTimeZone: { type: 'string', example: 'Europe/Berlin' },
  isIanaTimeZone: { type: 'string', description: 'IANA time zone', example: 'Europe/Berlin' },
  isBcp47Locale: { type: 'string', description: 'BCP 47 language tag', example: 'de-AT', maxLength: 35 },
  // Slotline's date-time validators: the pattern, plus a calendar check the schema cannot express.
  isInstant: (meta) => ({ type: 'string', pattern: patternOf(meta) }),
  isLocalDateTime: (meta) => ({ type: 'string', pattern: patternOf(meta) }),
  // SCH-8 schedule batch items (libs/contracts/src/scheduling/schedule-batch.payloads.ts).
  endsAfterStart: { description: 'After `start`.' },
  absentWith: (meta) => ({ description: `Not together with \`${String(meta.constraints?.[0])}\`.` }),
  isPositive: { minimum: 0, exclusiveMinimum: true },
  isNegative: { maximum: 0, exclusiveMaximum: true },
  isEnum: (meta) => ({
    // A numeric TypeScript enum maps names both ways; keep the values only.
    enum: Object.entries(meta.constraints?.[0] as object)
      .filter(([key]) => Number.isNaN(Number(key)))
      .map(([, value]) => value as unknown),
  }),
  // Nested classes are documented as models of their own (PropertyDoc.nested), not inlined.
  [ValidationTypes.NESTED_VALIDATION]: {},
  // A validator without a converter: documented without its constraint, and reported.
  [ValidationTypes.CUSTOM_VALIDATION]: {},
};

const KNOWN = new Set([...Object.keys(defaultConverters), ...Object.keys(CONVERTERS)]);

const ARRAY_KEYWORDS = ['minItems', 'maxItems', 'uniqueItems'] as const;

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

/** The validator's name as class-validator-jsonschema keys it (a constraint class's registered name). */
function validatorName(meta: ValidationMetadata): string | undefined {
  if (meta.type !== ValidationTypes.CUSTOM_VALIDATION) return undefined;
  if (meta.name) return meta.name;
  return meta.constraintCls
    ? getMetadataStorage().getTargetValidatorConstraints(meta.constraintCls)[0]?.name
    : undefined;
}

function describeProperty(
  cls: Function,
  property: string,
  metas: ValidationMetadata[],
  converted: SchemaObject | undefined,
  unmapped: string[],
): PropertyDoc {
  const doc: PropertyDoc = { required: true, isArray: false, schema: {}, arraySchema: {} };
  const designType: unknown = Reflect.getMetadata('design:type', cls.prototype, property);
  let nested = false;
  for (const meta of metas) {
    if (meta.type === ValidationTypes.CONDITIONAL_VALIDATION)
      doc.required = false; // @IsOptional, @ValidateIf
    else if (meta.type === ValidationTypes.NESTED_VALIDATION) nested = true;
    else if (meta.type === ValidationTypes.CUSTOM_VALIDATION && !KNOWN.has(validatorName(meta) ?? '')) {
      unmapped.push(
        meta.name
          ? `${cls.name}.${property}: @${meta.name}`
          : `${cls.name}.${property}: custom validator ${meta.constraintCls?.name ?? ''}`.trim(),
      );
    }
  }
  const schema: SchemaObject = { ...converted };
  doc.isArray = schema.type === 'array' || designType === Array;
  if (schema.type === 'array') {
    for (const key of ARRAY_KEYWORDS)
      if (schema[key] !== undefined) Object.assign(doc.arraySchema, { [key]: schema[key] });
    doc.schema = { ...(schema.items as SchemaObject | undefined) };
  } else doc.schema = schema;
  // @IsInt and @IsNumber together: an integer, whichever decorator came first.
  if (metas.some((m) => validatorName(m) === 'isInt')) doc.schema.type = 'integer';
  const typeFunction = defaultMetadataStorage.findTypeMetadata(cls, property)?.typeFunction;
  const declared = typeFunction?.();
  if (nested) {
    const target = declared ?? (designType !== Array ? designType : undefined);
    if (typeof target === 'function' && !PRIMITIVE_TYPES.has(target)) {
      doc.nested = target;
      doc.schema = {};
    }
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
 * ValidationPipe enforces (so the document cannot drift from validation), converted by
 * class-validator-jsonschema with Slotline's converters on top. Includes inherited fields.
 */
export function describeValidatedClass(cls: Function): ClassDoc {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of metas) {
    if (!meta.propertyName) continue;
    byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  }
  const converted = targetConstructorToSchema(cls, {
    classValidatorMetadataStorage: getMetadataStorage(),
    additionalConverters: CONVERTERS,
  }).properties as Record<string, SchemaObject> | undefined;
  const unmapped: string[] = [];
  const properties: Record<string, PropertyDoc> = {};
  for (const [property, list] of byProperty)
    properties[property] = describeProperty(cls, property, list, converted?.[property], unmapped);
  return { properties, unmapped };
}

/** Whether class-validator knows any rule of this class (it is a payload class). */
export function hasValidationMetadata(cls: Function): boolean {
  return getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false).length > 0;
}
