import { SetMetadata, Type, applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiTags, SchemaObject } from '@nestjs/swagger';
import { ErrorCode } from '@slotline/contracts';
import { NamedSchema } from './named-schema';

export const API_RESULT_METADATA = 'slotline:openapi:result';
export const API_ERRORS_METADATA = 'slotline:openapi:errors';

/** What a route answers with: a named schema, a class (class-validator or @ApiProperty), or an inline schema. */
export type ResultBody = NamedSchema | Type<unknown> | SchemaObject;

export interface ApiResultOptions {
  /** Defaults to the route's status: its @HttpCode, else 201 for POST and 200 otherwise. */
  status?: number;
  /** The operation's one-line summary; defaults to the handler's name in words. */
  summary?: string;
  /** Describes the success response. */
  description?: string;
  /** Defaults to application/json. */
  contentType?: string;
  /** false for routes that never call a service over NATS (no 503/504 from upstream). */
  upstream?: boolean;
}

export interface ApiResultMetadata {
  body: ResultBody | null;
  isArray: boolean;
  options: ApiResultOptions;
}

/**
 * Documents a route's success answer. Every HTTP route needs it (or swagger's own @ApiOkResponse…);
 * the OpenAPI coverage test fails for a route without a 2xx schema. `null` documents an empty body
 * (204). An array `[Schema]` documents a JSON array of it. Error responses, security, rate-limit and
 * idempotency headers are added to every route from its other decorators; see @ApiErrors for codes
 * a route raises beyond those.
 */
export function ApiResult(
  body: ResultBody | [ResultBody] | null,
  options: ApiResultOptions = {},
): MethodDecorator {
  const isArray = Array.isArray(body);
  const single = isArray ? body[0] : body;
  const metadata: ApiResultMetadata = { body: single, isArray, options };
  const decorators: MethodDecorator[] = [SetMetadata(API_RESULT_METADATA, metadata)];
  if (typeof single === 'function') decorators.push(ApiExtraModels(single));
  return applyDecorators(...decorators);
}

/**
 * The error codes a route raises itself (from its service), beyond what its decorators imply
 * (auth, validation, idempotency, rate limits). Each lands under its status in the document.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor?.value ?? target;
    const existing: ErrorCode[] = Reflect.getMetadata(API_ERRORS_METADATA, holder) ?? [];
    Reflect.defineMetadata(API_ERRORS_METADATA, [...new Set([...existing, ...codes])], holder);
    return descriptor as never;
  };
}

export const API_TAG_METADATA = 'slotline:openapi:tag';

/**
 * Groups a controller's operations under `name` with a description (without it, the tag is the
 * controller's name and the linter warns that it has no description).
 */
export function ApiTag(name: string, description: string): ClassDecorator {
  return applyDecorators(ApiTags(name), SetMetadata(API_TAG_METADATA, { name, description }));
}
