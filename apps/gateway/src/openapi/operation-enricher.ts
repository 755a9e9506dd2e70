import type { OperationObject, ParameterObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { ERROR_CATALOG, ErrorCode, ROLES, roleHasPermission } from '@slotline/contracts';
import { ApiResultMetadata } from './api-result.decorator';
import { ProblemSchema } from './common.schemas';
import { HeaderName, RATE_LIMIT_HEADERS, BEARER_SCHEME, headerRef, parameterRef } from './openapi-components';
import { Schema, isNamedSchema, ref } from './named-schema';
import { RouteFacts } from './route-facts';

const PROBLEM_JSON = 'application/problem+json';
const AUTH_ERRORS: ErrorCode[] = [
  'AUTH_UNAUTHENTICATED',
  'AUTH_TOKEN_INVALID',
  'AUTH_TOKEN_EXPIRED',
  'AUTH_FORBIDDEN',
];
const BODY_ERRORS: ErrorCode[] = [
  'VAL_FAILED',
  'VAL_MALFORMED_JSON',
  'VAL_PAYLOAD_TOO_LARGE',
  'VAL_UNSUPPORTED_MEDIA_TYPE',
];
const IDEMPOTENCY_ERRORS: ErrorCode[] = [
  'VAL_FAILED',
  'CF_IDEMPOTENCY_IN_FLIGHT',
  'VAL_IDEMPOTENCY_KEY_REUSED',
];
const UPSTREAM_ERRORS: ErrorCode[] = ['SYS_UPSTREAM_UNAVAILABLE', 'SYS_UPSTREAM_TIMEOUT'];
// AUTH-6: with AUTH_REQUIRE_ADMIN_2FA on, every admin route wants an aal2 token.
const ADMIN_PATH = /^\/v1\/admin\//;

export function isSuccess(status: string): boolean {
  return /^2\d\d$/.test(status);
}

function humanize(methodKey: string): string {
  const words = methodKey.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function responseHeaders(names: HeaderName[]): Record<string, ReferenceObject> {
  return Object.fromEntries(names.map((name) => [name, headerRef(name)]));
}

function resultSchema(result: ApiResultMetadata): Schema | undefined {
  const { body } = result;
  if (body === null) return undefined;
  const single: Schema = isNamedSchema(body)
    ? ref(body)
    : typeof body === 'function'
      ? { $ref: `#/components/schemas/${body.name}` }
      : body;
  return result.isArray ? { type: 'array', items: single } : single;
}

function accessText(facts: RouteFacts): string {
  if (facts.isPublic) return 'Public: no access token needed.';
  if (!facts.permission) return 'Denied to everyone: the route declares no permission.';
  const permission = facts.permission;
  const roles = ROLES.filter((role) => roleHasPermission(role, permission));
  return `Requires permission \`${permission}\` (roles: ${roles.join(', ') || 'none'}).`;
}

/** Status → codes this operation may answer with, from its decorators, shape and declared @ApiErrors. */
function errorCodesOf(op: OperationObject, facts: RouteFacts, path: string): Map<number, ErrorCode[]> {
  const codes = new Set<ErrorCode>(facts.errors);
  const params = (op.parameters ?? []).filter((p): p is ParameterObject => 'in' in p);
  if (!facts.isPublic) AUTH_ERRORS.forEach((c) => codes.add(c));
  if (!facts.isPublic && ADMIN_PATH.test(path)) codes.add('AUTH_2FA_REQUIRED');
  if (op.requestBody) BODY_ERRORS.forEach((c) => codes.add(c));
  if (params.some((p) => p.in === 'query' || p.in === 'path')) codes.add('VAL_FAILED');
  if (params.some((p) => p.in === 'query' && p.name === 'cursor')) codes.add('VAL_CURSOR');
  if (params.some((p) => p.in === 'path') && !facts.errors.some((c) => c.startsWith('NF_')))
    codes.add('NF_RESOURCE');
  if (facts.idempotent) IDEMPOTENCY_ERRORS.forEach((c) => codes.add(c));
  if (facts.ifMatch) codes.add('CF_PRECONDITION_FAILED');
  codes.add('RATE_LIMITED');
  codes.add('SYS_INTERNAL');
  if (facts.result?.options.upstream !== false) UPSTREAM_ERRORS.forEach((c) => codes.add(c));

  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CATALOG[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}

/** Collects what operations share, to be put in `components` once instead of repeated per operation. */
export interface EnrichContext {
  notes: string[];
  /** Problem responses by name (`<status>.<CODE>.<CODE>…`), referenced from the operations. */
  responses: Map<string, ResponseObject>;
}

/** A problem+json response; its description lists the codes this operation gives at this status. */
export function problemResponse(status: number, codes: ErrorCode[]): ResponseObject {
  const headers: HeaderName[] =
    status === 429
      ? ['X-Request-ID', 'traceparent', 'Retry-After', ...RATE_LIMIT_HEADERS]
      : ['X-Request-ID', 'traceparent'];
  return {
    description: codes.map((code) => `\`${code}\`: ${ERROR_CATALOG[code].title}.`).join(' '),
    headers: responseHeaders(headers),
    content: { [PROBLEM_JSON]: { schema: ref(ProblemSchema) } },
  };
}

function hasBody(response: ResponseObject | ReferenceObject | undefined): boolean {
  return !!response && !('$ref' in response) && Object.keys(response.content ?? {}).length > 0;
}

function successResponse(
  op: OperationObject,
  facts: RouteFacts,
  method: string,
  notes: string[],
  where: string,
): void {
  const successHeaders: HeaderName[] = ['X-Request-ID', 'traceparent', ...RATE_LIMIT_HEADERS];
  if (facts.idempotent) successHeaders.push('Idempotency-Replayed');
  const { result } = facts;
  if (result) {
    const status = result.options.status ?? facts.successStatus;
    if (result.options.status && result.options.status !== facts.successStatus) {
      notes.push(
        `${where}: @ApiResult says ${result.options.status} but the route answers ${facts.successStatus} (set @HttpCode)`,
      );
    }
    for (const key of Object.keys(op.responses)) if (isSuccess(key)) delete op.responses[key];
    const schema = resultSchema(result);
    const contentType = result.options.contentType ?? 'application/json';
    op.responses[String(status)] = {
      description: result.options.description ?? (schema ? 'Success.' : 'Done; no content.'),
      ...(schema ? { content: { [contentType]: { schema } } } : {}),
    };
  }
  // Express tags every GET body with a weak ETag and answers a matching If-None-Match with 304 (GW-6).
  const conditional =
    method === 'get' && Object.entries(op.responses).some(([key, r]) => isSuccess(key) && hasBody(r));
  if (conditional) {
    successHeaders.push('ETag');
    op.parameters = [...(op.parameters ?? []), parameterRef('IfNoneMatch')];
    op.responses['304'] = {
      description: 'Not modified: the If-None-Match ETag is still current; no body.',
      headers: responseHeaders(['X-Request-ID', 'traceparent', 'ETag']),
    };
  }
  for (const [key, response] of Object.entries(op.responses)) {
    if (!isSuccess(key) || !response || '$ref' in response) continue;
    response.headers = { ...responseHeaders(successHeaders), ...response.headers };
  }
}

/**
 * Completes one operation from what its route's decorators say: operationId and summary, access
 * rule and security requirement, shared headers, the success answer of @ApiResult and every
 * problem+json error it can give.
 */
export function enrichOperation(
  op: OperationObject,
  facts: RouteFacts,
  path: string,
  method: string,
  ctx: EnrichContext,
): void {
  const where = `${method.toUpperCase()} ${path}`;
  op.operationId = `${facts.resource}_${facts.methodKey}`;
  op.summary = facts.result?.options.summary ?? op.summary ?? humanize(facts.methodKey);
  const notesText = [accessText(facts)];
  if (facts.idempotent) notesText.push('Idempotent with an `Idempotency-Key` header.');
  if (facts.rateLimitTier) notesText.push(`Rate-limit tier \`${facts.rateLimitTier}\`.`);
  op.description = [op.description, notesText.join(' ')].filter(Boolean).join('\n\n');
  op.security = facts.isPublic ? [] : [{ [BEARER_SCHEME]: [] }];
  if (!facts.isPublic && facts.permission)
    (op as OperationObject & Record<string, unknown>)['x-required-permission'] = facts.permission;
  op.parameters = [
    ...(op.parameters ?? []),
    parameterRef('RequestId'),
    parameterRef('Traceparent'),
    ...(facts.idempotent ? [parameterRef('IdempotencyKey')] : []),
    ...(facts.ifMatch ? [parameterRef('IfMatch')] : []),
  ];

  successResponse(op, facts, method, ctx.notes, where);
  for (const [status, codes] of errorCodesOf(op, facts, path)) {
    if (op.responses[String(status)]) continue;
    const name = [status, ...codes.sort()].join('.');
    if (!ctx.responses.has(name)) ctx.responses.set(name, problemResponse(status, codes));
    op.responses[String(status)] = { $ref: `#/components/responses/${name}` };
  }
}
