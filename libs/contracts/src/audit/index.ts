export * from './audit.subjects';
export * from './audit.payloads';
export * from './audit.events';
export * from './audit.rpc';
