export * from './audit.subjects';
export * from './audit.payloads';
export * from './audit.rpc';
