export * from './errors/error-codes';
export * from './events/event-envelope';
export * from './rpc/rpc-headers';
export * from './auth/auth.subjects';
export * from './auth/auth.payloads';
export * from './auth/permissions';
export * from './pagination';
