export * from './shutdown-state';
export * from './readiness-check';
export * from './health.controller';
export * from './public-route.decorator';
export * from './parent-watch';
