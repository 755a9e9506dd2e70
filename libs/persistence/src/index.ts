export * from './service-schemas';
export * from './provision-database';
export * from './data-source.factory';
export * from './superuser-guard';
export * from './uuid';
export * from './transaction-runner';
export * from './db-errors';
export * from './secret-box';
