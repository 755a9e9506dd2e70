export * from './payout-domain.errors';
export * from './payout-decisions';
export * from './capture-policy';
