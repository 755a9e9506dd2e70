/*
 * The shared test kit: factories, in-memory fakes, a private-schema test context and the
 * real-infrastructure helpers of the e2e harness. Test code only: the dependency rules keep production
 * code from importing it, and the build leaves it out.
 */
export * from './factories/actors';
export * from './factories/events';
export * from './factories/scheduling';
export * from './fakes/in-memory-table';
export * from './fakes/in-memory-transactions';
export * from './fakes/recording-outbox';
export * from './fakes/substitute';
export * from './infrastructure';
export * from './log-capture';
export * from './metrics-text';
export * from './migration-statements';
export * from './poll';
export * from './private-schema';
