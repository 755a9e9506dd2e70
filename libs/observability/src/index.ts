export { SpanKind } from '@opentelemetry/api';
export * from './request-context';
export * from './redaction';
export * from './logger';
export * from './nest-pino-logger';
export * from './metrics';
export * from './http-metrics.interceptor';
export * from './query-timing';
export * from './tracing';
