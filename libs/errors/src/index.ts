export * from './app-error';
export * from './validation';
export * from './untrusted-json';
export * from './http-exception';
