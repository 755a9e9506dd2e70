export * from './client-key';
export * from './enforce-rate-limit';
export * from './rate-limit-tier.decorator';
export * from './rate-limit.guard';
export * from './rate-limit.headers';
export * from './rate-limit.module';
export * from './rate-limit.options';
export * from './rate-limiter.service';
