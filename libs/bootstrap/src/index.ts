export * from './tokens';
export * from './platform.module';
export * from './start-app';
export * from './metrics.controller';
