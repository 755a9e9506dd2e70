export * from './webhook-event-types';
export * from './webhook.events';
export * from './webhook.payloads';
export * from './webhook.subjects';
