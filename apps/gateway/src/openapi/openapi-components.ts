import type { ComponentsObject, HeaderObject, ParameterObject, ReferenceObject } from '@nestjs/swagger';
import { ACCESS_TOKEN } from '@slotline/contracts';

export const BEARER_SCHEME = 'bearer';

const SAFE_REQUEST_ID = '^[A-Za-z0-9._:-]{1,128}$';
const TRACEPARENT = '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$';

const PARAMETERS = {
  RequestId: {
    name: 'X-Request-ID',
    in: 'header',
    required: false,
    description:
      'Your id for this request, echoed back and logged; a new one is made when absent or malformed.',
    schema: { type: 'string', pattern: SAFE_REQUEST_ID },
  },
  Traceparent: {
    name: 'traceparent',
    in: 'header',
    required: false,
    description: 'W3C Trace Context: the gateway continues your trace instead of starting one.',
    schema: { type: 'string', pattern: TRACEPARENT },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retry safe (GW-4): a repeat with the same key and body answers the stored result (Idempotency-Replayed: true) ' +
      'without a second effect for 24 h; the same key with another body is 422, while the first still runs 409.',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$' },
  },
  IfNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'The ETag of the copy you hold: 304 without a body when it is still current.',
    schema: { type: 'string' },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description:
      'The ETag of the version you read (GW-6): the update runs only if it is still current, else 412.',
    schema: { type: 'string' },
  },
} satisfies Record<string, ParameterObject>;

const integerHeader = (description: string): HeaderObject => ({
  description,
  schema: { type: 'integer', minimum: 0 },
});

const HEADERS = {
  'X-Request-ID': {
    description: 'The request id (yours if well-formed, else a new UUID).',
    required: true,
    schema: { type: 'string' },
  },
  traceparent: {
    description: 'W3C Trace Context of the server span (when tracing is on).',
    schema: { type: 'string', pattern: TRACEPARENT },
  },
  RateLimit: {
    description:
      'Remaining quota: `"<tier>";r=<remaining>;t=<seconds to reset>` (IETF ratelimit-headers draft).',
    schema: { type: 'string' },
  },
  'RateLimit-Policy': {
    description: 'The quota policy: `"<tier>";q=<limit>;w=<window seconds>`.',
    schema: { type: 'string' },
  },
  'X-RateLimit-Limit': integerHeader('Requests allowed per window in this tier.'),
  'X-RateLimit-Remaining': integerHeader('Requests left in the current window.'),
  'X-RateLimit-Reset': integerHeader('Seconds until the window resets.'),
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    required: true,
    schema: { type: 'integer', minimum: 1 },
  },
  ETag: {
    description:
      'Weak entity tag of this representation; send it as If-None-Match (GET) or If-Match (update).',
    schema: { type: 'string' },
  },
  'Idempotency-Replayed': {
    description: '`true` when this is the stored answer of an earlier request with the same key.',
    schema: { type: 'string', enum: ['true'] },
  },
} satisfies Record<string, HeaderObject>;

export type HeaderName = keyof typeof HEADERS;
export type ParameterName = keyof typeof PARAMETERS;

export function headerRef(name: HeaderName): ReferenceObject {
  return { $ref: `#/components/headers/${name}` };
}

export function parameterRef(name: ParameterName): ReferenceObject {
  return { $ref: `#/components/parameters/${name}` };
}

export const RATE_LIMIT_HEADERS: HeaderName[] = [
  'RateLimit',
  'RateLimit-Policy',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
];

/** Shared parameters, response headers and the bearer scheme every operation refers to. */
export function sharedComponents(): ComponentsObject {
  return {
    securitySchemes: {
      [BEARER_SCHEME]: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: `The access_token of POST /v1/auth/login (a short-lived ${ACCESS_TOKEN.algorithm} JWT).`,
      },
    },
    parameters: structuredClone(PARAMETERS) as Record<string, ParameterObject>,
    headers: structuredClone(HEADERS) as Record<string, HeaderObject>,
  };
}
