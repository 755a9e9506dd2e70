import {
  arrayOf,
  defineObjectSchema,
  defineSchema,
  objectSchema,
  optional,
  ref,
  registeredSchema,
} from './named-schema';

interface Sample {
  id: string;
  tags: string[];
  note?: string;
  parent: { id: string } | null;
}

describe(objectSchema.name, () => {
  it('requires the keys not wrapped in optional(), in declaration order', () => {
    const Parent = defineSchema('NamedSchemaSpecParent', {
      type: 'object',
      properties: { id: { type: 'string' } },
    });
    const sut = objectSchema<Sample>({
      id: { type: 'string' },
      tags: arrayOf({ type: 'string' }),
      note: optional({ type: 'string' }),
      parent: Parent,
    });
    expect(sut).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        note: { type: 'string' },
        parent: { $ref: '#/components/schemas/NamedSchemaSpecParent' },
      },
      required: ['id', 'tags', 'parent'],
    });
  });

  it('does not compile when a key of the interface is missing or its optionality is wrong', () => {
    // @ts-expect-error `tags` and `parent` are missing
    objectSchema<Sample>({ id: { type: 'string' }, note: optional({ type: 'string' }) });
    objectSchema<Sample>({
      id: { type: 'string' },
      tags: { type: 'array' },
      // @ts-expect-error `note` is optional in Sample, so it must be wrapped in optional()
      note: { type: 'string' },
      parent: { type: 'object' },
    });
    expect(true).toBe(true);
  });
});

describe(defineSchema.name, () => {
  it('registers the schema under its name for $ref resolution', () => {
    const sut = defineObjectSchema<{ a: number }>('NamedSchemaSpecA', { a: { type: 'integer' } });
    expect(ref(sut)).toEqual({ $ref: '#/components/schemas/NamedSchemaSpecA' });
    expect(registeredSchema('NamedSchemaSpecA')).toEqual(sut.schema);
  });

  it('accepts the same definition twice but refuses a different schema under a taken name', () => {
    defineSchema('NamedSchemaSpecB', { type: 'string' });
    expect(() => defineSchema('NamedSchemaSpecB', { type: 'string' })).not.toThrow();
    expect(() => defineSchema('NamedSchemaSpecB', { type: 'integer' })).toThrow(
      'Two different schemas are named "NamedSchemaSpecB"',
    );
  });

  it('refuses names that are not valid component names', () => {
    expect(() => defineSchema('Bad name', { type: 'string' })).toThrow('not a valid component name');
  });
});
