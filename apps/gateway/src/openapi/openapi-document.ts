import { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  OpenAPIObject,
  OperationObject,
  SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { webhookEventsDocumentation } from '../webhooks/webhook-events.docs';
import { dropUnusedSharedComponents, isSchemaReference, resolveNamedSchemas } from './component-refs';
import { DOCUMENTATION_ROUTES } from './documentation-routes';
import { toOpenApi31 } from './openapi-31';
import { sharedComponents } from './openapi-components';
import { EnrichContext, enrichOperation } from './operation-enricher';
import './platform-routes.docs';
import { RouteFacts, collectRouteFacts } from './route-facts';
import { orderTags } from './tag-order';
import { documentValidatedClass } from './validator-models';
import { hasValidationMetadata } from './validator-schema';

export const API_VERSION = '1.0.0';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Tags of controllers that cannot carry @ApiTag (libs, or served outside Nest). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  Health: 'Liveness and readiness probes.',
  Metrics: 'Prometheus metrics.',
  Documentation: 'This document and its viewer.',
};

const DESCRIPTION = [
  'The Slotline HTTP API. Every error answer is `application/problem+json` (RFC 9457) with a stable `code`',
  '(see the `Problem` schema); every response carries `X-Request-ID`. Send the access token from',
  '`POST /v1/auth/login` as `Authorization: Bearer <token>`. Creating requests accept an `Idempotency-Key`;',
  'lists page with opaque cursors (`limit`, `cursor` → `next_cursor`); every route is rate-limited per user',
  'or IP (`RateLimit`, `RateLimit-Policy`, `Retry-After` on 429).',
].join(' ');

export interface OpenApiBuild {
  document: OpenAPIObject;
  /** What could not be documented faithfully; the OpenAPI tests require none. */
  notes: string[];
}

function baseDocument() {
  return new DocumentBuilder()
    .setTitle('Slotline API')
    .setDescription(DESCRIPTION)
    .setVersion(API_VERSION)
    .addServer('/', 'This gateway')
    .build();
}

/** Gives swagger the models of every payload class the routes take; returns the request-body models. */
function documentPayloadClasses(routes: Iterable<RouteFacts>, notes: string[]): Set<string> {
  const requestModels = new Set<string>();
  const seen = new Set<Function>();
  for (const route of routes) {
    for (const type of route.bodyTypes) {
      const { classes, unmapped } = documentValidatedClass(type, seen);
      classes.forEach((c) => requestModels.add(c.name));
      notes.push(...unmapped);
    }
    const resultClass = typeof route.result?.body === 'function' ? [route.result.body] : [];
    for (const type of [...route.otherTypes, ...resultClass]) {
      if (hasValidationMetadata(type)) notes.push(...documentValidatedClass(type, seen).unmapped);
    }
  }
  return requestModels;
}

function forEachOperation(
  document: OpenAPIObject,
  fn: (op: OperationObject, path: string, method: string) => void,
): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op) fn(op, path, method);
    }
  }
}

/**
 * The gateway's OpenAPI document, built from the running app: swagger scans the controllers, payload
 * classes are described from their class-validator rules, and every operation is completed from its
 * route's decorators (see enrichOperation). Works on an app created with `preview: true` too.
 */
export function buildOpenApiDocument(app: INestApplication): OpenApiBuild {
  const { routes, notes } = collectRouteFacts(app);
  const requestModels = documentPayloadClasses(routes.values(), notes);
  const document = SwaggerModule.createDocument(app, baseDocument(), {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey}_${methodKey.replace(/\[\d+\]$/, '')}`,
    autoTagControllers: true,
  });

  const ctx: EnrichContext = { notes, responses: new Map() };
  forEachOperation(document, (op, path, method) => {
    const facts = routes.get(op.operationId ?? '');
    if (facts) enrichOperation(op, facts, path, method, ctx);
    else
      notes.push(
        `${method.toUpperCase()} ${path}: no controller method found for operation ${op.operationId}`,
      );
  });
  for (const route of DOCUMENTATION_ROUTES) {
    const op: OperationObject = { tags: ['Documentation'], parameters: [], responses: {} };
    enrichOperation(op, route.facts, route.path, 'get', ctx);
    document.paths[route.path] = { ...document.paths[route.path], get: op };
  }

  const shared = sharedComponents();
  const responses = Object.fromEntries([...ctx.responses].sort(([a], [b]) => a.localeCompare(b)));
  document.components = {
    ...document.components,
    ...shared,
    responses,
    schemas: { ...document.components?.schemas },
  };
  // Outbound webhooks (GW-8) are documented in the 3.1 `webhooks` section.
  (document as OpenAPIObject & { webhooks?: object }).webhooks = webhookEventsDocumentation();
  notes.push(...resolveNamedSchemas(document));
  dropUnusedSharedComponents(document);
  // The ValidationPipe forbids unknown fields (forbidNonWhitelisted), nested objects included.
  for (const name of requestModels) {
    const schema = document.components.schemas?.[name];
    if (schema && !isSchemaReference(schema)) (schema as SchemaObject).additionalProperties = false;
  }
  const descriptions = new Map(Object.entries(TAG_DESCRIPTIONS));
  for (const { tag } of routes.values()) if (tag) descriptions.set(tag.name, tag.description);
  const tags = new Set<string>();
  forEachOperation(document, (op) => op.tags?.forEach((t) => tags.add(t)));
  document.tags = orderTags(tags).map((name) => ({
    name,
    ...(descriptions.has(name) ? { description: descriptions.get(name) } : {}),
  }));
  return { document: toOpenApi31(document), notes };
}
