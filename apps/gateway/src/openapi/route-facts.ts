import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { ErrorCode, Permission } from '@slotline/contracts';
import { PUBLIC_ROUTE } from '@slotline/health';
import { REQUIRED_PERMISSION } from '../auth/route-access.decorators';
import { IDEMPOTENT_METADATA } from '../idempotency/idempotency.options';
import { RATE_LIMIT_TIER_METADATA } from '../rate-limit/rate-limit-tier.decorator';
import {
  API_ERRORS_METADATA,
  API_RESULT_METADATA,
  API_TAG_METADATA,
  ApiResultMetadata,
} from './api-result.decorator';

/** What the decorators of one controller method say about it, for documenting its operation. */
export interface RouteFacts {
  /** `<ControllerClass>_<method>`: the operationId swagger is asked to emit, to find the route again. */
  key: string;
  /** The controller's name without "Controller", lower camel case: the operationId's prefix. */
  resource: string;
  methodKey: string;
  isPublic: boolean;
  permission?: Permission;
  idempotent: boolean;
  /** @IfMatch(): takes If-Match and answers 412 when it is stale. */
  ifMatch: boolean;
  rateLimitTier?: string;
  /** The status Nest answers with on success. */
  successStatus: number;
  result?: ApiResultMetadata;
  errors: ErrorCode[];
  /** Payload classes of @Body(), @Query() and @Param() arguments. */
  bodyTypes: Function[];
  otherTypes: Function[];
  /** From the controller's @ApiTag. */
  tag?: { name: string; description: string };
}

// The key @IfMatch() (http/if-match.interceptor.ts) stores its options under; a unit test keeps them equal.
export const IF_MATCH_METADATA = 'slotline:if-match';

const NOT_MODELS = new Set<unknown>([String, Number, Boolean, Object, Array, undefined]);

function reflect<T>(key: string, handler: Function, controller: Function): T | undefined {
  return (
    (Reflect.getMetadata(key, handler) as T | undefined) ??
    (Reflect.getMetadata(key, controller) as T | undefined)
  );
}

function argumentTypes(
  controller: Type<unknown>,
  methodKey: string,
): { body: Function[]; other: Function[] } {
  const args: Record<string, { index: number }> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodKey) ?? {};
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', controller.prototype, methodKey) ?? [];
  const body: Function[] = [];
  const other: Function[] = [];
  for (const [key, { index }] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    const type = types[index];
    if (NOT_MODELS.has(type) || typeof type !== 'function') continue;
    if (kind === RouteParamtypes.BODY) body.push(type);
    else if (kind === RouteParamtypes.QUERY || kind === RouteParamtypes.PARAM) other.push(type);
  }
  return { body, other };
}

function factsOf(controller: Type<unknown>, methodKey: string, handler: Function): RouteFacts {
  const method: RequestMethod = Reflect.getMetadata(METHOD_METADATA, handler);
  const { body, other } = argumentTypes(controller, methodKey);
  return {
    key: `${controller.name}_${methodKey}`,
    resource: controller.name.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase()),
    methodKey,
    isPublic: reflect<boolean>(PUBLIC_ROUTE, handler, controller) === true,
    permission: reflect<Permission>(REQUIRED_PERMISSION, handler, controller),
    idempotent: reflect<boolean>(IDEMPOTENT_METADATA, handler, controller) === true,
    ifMatch: Reflect.getMetadata(IF_MATCH_METADATA, handler) !== undefined,
    rateLimitTier: reflect<string>(RATE_LIMIT_TIER_METADATA, handler, controller),
    successStatus:
      Reflect.getMetadata(HTTP_CODE_METADATA, handler) ?? (method === RequestMethod.POST ? 201 : 200),
    result: Reflect.getMetadata(API_RESULT_METADATA, handler),
    errors: reflect<ErrorCode[]>(API_ERRORS_METADATA, handler, controller) ?? [],
    bodyTypes: body,
    otherTypes: other,
    tag: Reflect.getMetadata(API_TAG_METADATA, controller),
  };
}

function routeMethodKeys(controller: Type<unknown>): string[] {
  const keys = new Set<string>();
  for (
    let proto = controller.prototype;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const value = Object.getOwnPropertyDescriptor(proto, key)?.value;
      if (key !== 'constructor' && typeof value === 'function' && Reflect.hasMetadata(PATH_METADATA, value))
        keys.add(key);
    }
  }
  return [...keys];
}

/**
 * Every HTTP route method of every controller in the app, keyed by `<Controller>_<method>`. Two
 * controllers of the same class name would share keys: they are reported, not silently merged.
 */
export function collectRouteFacts(app: INestApplication): {
  routes: Map<string, RouteFacts>;
  notes: string[];
} {
  const routes = new Map<string, RouteFacts>();
  const notes: string[] = [];
  const seen = new Set<Function>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      for (const methodKey of routeMethodKeys(controller)) {
        const facts = factsOf(controller, methodKey, controller.prototype[methodKey]);
        if (routes.has(facts.key))
          notes.push(
            `Two controllers are named ${controller.name}: rename one so its routes can be documented`,
          );
        routes.set(facts.key, facts);
      }
    }
  }
  return { routes, notes };
}
