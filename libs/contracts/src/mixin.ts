/** The base class a payload mixin (`WithClientContext(Base)`) extends. */
// TypeScript requires exactly `any[]` for a mixin's constructor arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Constructor<T = object> = new (...args: any[]) => T;
