export * from './load-config';
export * from './base.config';
export * from './database.config';
export * from './secret-provider';
