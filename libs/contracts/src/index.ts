export * from './errors/error-codes';
