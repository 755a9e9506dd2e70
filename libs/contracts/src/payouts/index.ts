export * from './payout.events';
export * from './payout.payloads';
export * from './payout.rpc';
