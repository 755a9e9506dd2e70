export * from './queryable';
export * from './update-set';
export * from './page-cursor';
export * from './tables';
export * from './answers-in-order';
