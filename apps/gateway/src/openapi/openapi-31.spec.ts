import type { OpenAPIObject } from '@nestjs/swagger';
import { toOpenApi31 } from './openapi-31';

describe(toOpenApi31.name, () => {
  const doc = (schemas: Record<string, unknown>) =>
    ({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas },
    }) as OpenAPIObject;

  it('turns nullable types, enums and refs into JSON Schema 2020-12', () => {
    const sut = toOpenApi31(
      doc({
        A: {
          type: 'object',
          properties: {
            s: { type: 'string', nullable: true, format: 'uuid' },
            e: { type: 'string', nullable: true, enum: ['x', 'y'] },
            r: { $ref: '#/components/schemas/B', nullable: true, description: 'why' },
            plain: { type: 'integer', nullable: false },
            list: { type: 'array', items: { type: 'string', nullable: true } },
          },
        },
      }),
    );
    expect(sut.openapi).toBe('3.1.0');
    expect(sut.components!.schemas!.A).toEqual({
      type: 'object',
      properties: {
        s: { type: ['string', 'null'], format: 'uuid' },
        e: { type: ['string', 'null'], enum: ['x', 'y', null] },
        r: { description: 'why', anyOf: [{ $ref: '#/components/schemas/B' }, { type: 'null' }] },
        plain: { type: 'integer' },
        list: { type: 'array', items: { type: ['string', 'null'] } },
      },
    });
  });

  it('leaves no nullable keyword anywhere', () => {
    const sut = toOpenApi31(doc({ A: { allOf: [{ $ref: '#/x' }], nullable: true } }));
    expect(JSON.stringify(sut)).not.toContain('nullable');
  });
});
