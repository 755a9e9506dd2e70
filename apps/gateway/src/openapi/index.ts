export * from './api-result.decorator';
export * from './common.schemas';
export * from './documentation-routes';
export * from './named-schema';
export * from './openapi-document';
export * from './openapi-http';
export * from './route-coverage';
export * from './schemas/auth.schemas';
