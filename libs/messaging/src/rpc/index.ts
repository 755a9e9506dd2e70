export * from './rpc-client';
export * from './prefixed-nats.server';
export * from './rpc-exception.filter';
export * from './call-meta';
export * from './rpc-server.interceptor';
export * from './rpc-handler.decorator';
