export * from './private-schema';
