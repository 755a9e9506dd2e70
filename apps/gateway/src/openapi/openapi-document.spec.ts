import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  INestApplication,
  Param,
  Patch,
  Post,
  Query,
  SetMetadata,
} from '@nestjs/common';
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ERROR_CODES, PageQueryDto, defineRpc } from '@slotline/contracts';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Public, RequirePermission } from '../auth/route-access.decorators';
import { IfMatch } from '../http/if-match.interceptor';
import { IDEMPOTENT_METADATA } from '../idempotency/idempotency.options';
import { RateLimitTier } from '../rate-limit/rate-limit-tier.decorator';
import { ApiErrors, ApiResult, ApiTag } from './api-result.decorator';
import { pageSchema } from './common.schemas';
import { defineObjectSchema, optional } from './named-schema';
import { buildOpenApiDocument } from './openapi-document';
import { RouteTable } from '../http/route-table';
import { findUndocumentedRoutes, listServedRoutes } from './route-coverage';
import { IF_MATCH_METADATA } from './route-facts';

class Line {
  @IsString()
  @MaxLength(40)
  label: string;
}

class CreateWidgetRequest {
  @IsString()
  name: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Line)
  lines?: Line[];
}

interface Widget {
  id: string;
  name: string;
  note?: string;
}

const WidgetSchema = defineObjectSchema<Widget>('Widget', {
  id: { type: 'string', format: 'uuid' },
  name: { type: 'string' },
  note: optional({ type: 'string' }),
});

// The gateway's @Idempotent() also installs an interceptor; only its metadata matters to the document.
const IdempotentForDocs = (): MethodDecorator => (_target, _key, descriptor) => {
  Reflect.defineMetadata(IDEMPOTENT_METADATA, true, descriptor.value as object);
};

@Controller('v1/widgets')
@ApiTag('Widgets', 'Widgets for the test.')
class WidgetsController {
  @Post()
  @RequirePermission('jobs:create')
  @IdempotentForDocs()
  @ApiResult(WidgetSchema, { summary: 'Create a widget' })
  @ApiErrors('CF_CONFLICT')
  create(@Body() _body: CreateWidgetRequest): Widget {
    return { id: '', name: '' };
  }

  @Get()
  @RequirePermission('jobs:read')
  @ApiResult(pageSchema(WidgetSchema))
  list(@Query() _query: PageQueryDto): unknown {
    return {};
  }

  @Patch(':id')
  @RequirePermission('jobs:create')
  @SetMetadata(IF_MATCH_METADATA, {}) // what @IfMatch() stores, without its interceptor's dependencies
  @ApiResult(WidgetSchema)
  @ApiErrors('NF_RESOURCE')
  rename(@Param('id') _id: string, @Body() _body: CreateWidgetRequest): Widget {
    return { id: '', name: '' };
  }

  @Delete(':id')
  @RequirePermission('jobs:cancel')
  @HttpCode(204)
  @ApiResult(null)
  remove(@Param('id') _id: string): void {}

  @Get('public/ping')
  @Public()
  @RateLimitTier('auth')
  ping(): string {
    return 'pong';
  }
}

type Operation = OperationObject & { 'x-required-permission'?: string };

describe(buildOpenApiDocument.name, () => {
  let app: INestApplication;
  const table = new RouteTable();
  let document: OpenAPIObject;
  let notes: string[];

  const op = (path: string, method: 'get' | 'post' | 'patch' | 'delete') =>
    document.paths[path][method] as Operation;
  const response = (o: Operation, status: string): ResponseObject => {
    const r = o.responses[status] as ResponseObject | ReferenceObject;
    return '$ref' in r ? (document.components!.responses![r.$ref.split('/').pop()!] as ResponseObject) : r;
  };
  const parameterNames = (o: Operation) =>
    (o.parameters ?? []).map((p) => ('$ref' in p ? p.$ref.split('/').pop() : (p as ParameterObject).name));

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [WidgetsController] }).compile();
    const fastifyApp = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    table.watch(fastifyApp.getHttpAdapter().getInstance());
    app = fastifyApp;
    ({ document, notes } = buildOpenApiDocument(app));
  });

  afterAll(async () => {
    await app.close();
  });

  it('documents the request body from class-validator rules, nested classes included, closed to unknown fields', () => {
    const body = op('/v1/widgets', 'post').requestBody as {
      content: Record<string, { schema: ReferenceObject }>;
    };
    expect(body.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateWidgetRequest',
    });
    const schemas = document.components!.schemas as Record<string, SchemaObject>;
    expect(schemas.CreateWidgetRequest).toMatchObject({
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string' },
        lines: { type: 'array', items: { $ref: '#/components/schemas/Line' } },
      },
    });
    expect(schemas.Line).toMatchObject({
      properties: { label: { type: 'string', maxLength: 40 } },
      additionalProperties: false,
    });
  });

  it('expands a query DTO into parameters with their defaults and bounds', () => {
    const params = op('/v1/widgets', 'get').parameters as ParameterObject[];
    expect(params.find((p) => p.name === 'limit')).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    });
    expect(params.find((p) => p.name === 'cursor')).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'string' },
    });
  });

  it('answers with the @ApiResult schema under the route status and registers named schemas', () => {
    const created = response(op('/v1/widgets', 'post'), '201');
    expect(created.content!['application/json'].schema).toEqual({ $ref: '#/components/schemas/Widget' });
    expect(Object.keys(response(op('/v1/widgets/{id}', 'delete'), '204'))).not.toContain('content');
    expect(document.components!.schemas!.WidgetPage).toMatchObject({
      required: ['items', 'next_cursor', 'has_more'],
    });
    expect(op('/v1/widgets', 'post').summary).toBe('Create a widget');
    expect(op('/v1/widgets', 'get').summary).toBe('List');
  });

  it('sets the security requirement and permission from the access decorators', () => {
    expect(op('/v1/widgets', 'post').security).toEqual([{ bearer: [] }]);
    expect(op('/v1/widgets', 'post')['x-required-permission']).toBe('jobs:create');
    expect(op('/v1/widgets', 'post').description).toMatch(
      /Requires permission `jobs:create` \(roles: [a-z_, ]+\)/,
    );
    expect(op('/v1/widgets/public/ping', 'get').security).toEqual([]);
    expect(op('/v1/widgets/public/ping', 'get').description).toContain('Rate-limit tier `auth`');
    expect(document.components!.securitySchemes!.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('adds the shared headers and the Idempotency-Key only where the route is idempotent', () => {
    expect(parameterNames(op('/v1/widgets', 'post'))).toEqual(['RequestId', 'Traceparent', 'IdempotencyKey']);
    expect(parameterNames(op('/v1/widgets/{id}', 'delete'))).toEqual(['id', 'RequestId', 'Traceparent']);
    expect(Object.keys(response(op('/v1/widgets', 'post'), '201').headers!)).toEqual(
      expect.arrayContaining(['X-Request-ID', 'traceparent', 'RateLimit', 'Idempotency-Replayed']),
    );
  });

  it('documents conditional requests: ETag, If-None-Match and 304 on GETs, If-Match and 412 on @IfMatch routes', () => {
    const list = op('/v1/widgets', 'get');
    expect(parameterNames(list)).toContain('IfNoneMatch');
    expect(response(list, '200').headers).toHaveProperty('ETag');
    expect(response(list, '304').content).toBeUndefined();
    const rename = op('/v1/widgets/{id}', 'patch');
    expect(parameterNames(rename)).toEqual(['id', 'RequestId', 'Traceparent', 'IfMatch']);
    expect(response(rename, '412').description).toContain('`CF_PRECONDITION_FAILED`');
    expect(op('/v1/widgets', 'post').responses['304']).toBeUndefined();
  });

  it('reads @IfMatch() under the key the decorator stores it with', () => {
    class Target {
      update(): void {}
    }
    const descriptor = Object.getOwnPropertyDescriptor(Target.prototype, 'update')!;
    IfMatch({ query: defineRpc<object, object>('probe.x.get'), payload: () => ({}) })(
      Target.prototype,
      'update',
      descriptor,
    );
    expect(Reflect.getMetadata(IF_MATCH_METADATA, Target.prototype.update)).toBeDefined();
  });

  it('documents every error the route can give as problem+json, grouped by status', () => {
    const create = op('/v1/widgets', 'post');
    expect(Object.keys(create.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
      '504',
    ]);
    expect(response(create, '409').description).toContain('`CF_CONFLICT`');
    expect(response(create, '409').description).toContain('`CF_IDEMPOTENCY_IN_FLIGHT`');
    expect(response(create, '429').headers).toHaveProperty('Retry-After');
    expect(response(create, '400').content!['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(response(op('/v1/widgets', 'get'), '400').description).toContain('`VAL_CURSOR`');
    expect(response(op('/v1/widgets/{id}', 'delete'), '404').description).toContain('`NF_RESOURCE`');
    expect(Object.keys(op('/v1/widgets/public/ping', 'get').responses).sort()).toEqual([
      '200',
      '429',
      '500',
      '503',
      '504',
    ]);
  });

  it('mirrors ProblemDocument with every error code in the Problem schema', () => {
    const problem = document.components!.schemas!.Problem as SchemaObject;
    expect(problem.required).toEqual([
      'type',
      'title',
      'status',
      'code',
      'message',
      'trace_id',
      'request_id',
    ]);
    expect((problem.properties!.code as SchemaObject).enum).toEqual(ERROR_CODES);
  });

  it('adds the documentation routes and tag descriptions, and reports routes it cannot document fully', () => {
    expect(document.paths['/openapi.json'].get!.security).toEqual([]);
    expect(document.tags).toEqual(
      expect.arrayContaining([{ name: 'Widgets', description: 'Widgets for the test.' }]),
    );
    expect(op('/v1/widgets/public/ping', 'get').responses['200']).not.toHaveProperty('content');
    expect(notes).toEqual([]);
  });

  it('finds the served routes the document leaves without a 2xx schema', async () => {
    await app.init();
    const routes = listServedRoutes(table);
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'post', path: '/v1/widgets' },
        { method: 'delete', path: '/v1/widgets/{id}' },
      ]),
    );
    expect(findUndocumentedRoutes(document, routes)).toEqual([
      'GET /v1/widgets/public/ping: no 2xx response schema (add @ApiResult(...) to the handler)',
    ]);
    expect(findUndocumentedRoutes(document, [{ method: 'put', path: '/v1/nowhere' }])).toEqual([
      'PUT /v1/nowhere: not in the document',
    ]);
  });
});
