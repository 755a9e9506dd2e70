export * from './audit.subjects';
export * from './audit.payloads';
