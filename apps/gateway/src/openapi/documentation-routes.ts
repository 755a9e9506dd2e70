import { ApiResultMetadata } from './api-result.decorator';
import { RouteFacts } from './route-facts';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';
export const ADMIN_CONSOLE_PATH = '/admin';

function documentationRoute(methodKey: string, result: ApiResultMetadata): RouteFacts {
  return {
    key: `Documentation_${methodKey}`,
    resource: 'documentation',
    methodKey,
    isPublic: true,
    idempotent: false,
    ifMatch: false,
    rateLimitTier: 'read',
    successStatus: 200,
    result,
    errors: [],
    bodyTypes: [],
    otherTypes: [],
  };
}

/** The routes configureGatewayHttp serves outside Nest's router, described like controller routes. */
export const DOCUMENTATION_ROUTES: ReadonlyArray<{ path: string; facts: RouteFacts }> = [
  {
    path: OPENAPI_JSON_PATH,
    facts: documentationRoute('openapi', {
      body: { type: 'object', additionalProperties: true, description: 'An OpenAPI 3.0 document.' },
      isArray: false,
      options: { summary: 'This OpenAPI document', upstream: false },
    }),
  },
  {
    path: DOCS_PATH,
    facts: documentationRoute('docs', {
      body: { type: 'string' },
      isArray: false,
      options: {
        summary: 'Interactive API documentation (Swagger UI)',
        contentType: 'text/html',
        upstream: false,
      },
    }),
  },
  {
    path: ADMIN_CONSOLE_PATH,
    facts: documentationRoute('adminConsole', {
      body: { type: 'string' },
      isArray: false,
      options: {
        summary: 'The admin console page (ADM-1); its data needs an admin token',
        contentType: 'text/html',
        upstream: false,
      },
    }),
  },
];
