export * from './events/event-headers';
export * from './events/events-stream';
export * from './events/inbox-consumer';
export * from './events/messaging-logger';
export * from './events/outbox-relay';
export * from './events/outbox-sql';
export * from './events/outbox-writer';
export * from './rpc';
