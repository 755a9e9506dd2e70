import type { ErrorCode } from '../errors/error-codes';

/** A class the RPC layer can validate a payload against (class-validator rules on its properties). */
export type PayloadClass<T> = new (...args: never[]) => T;

/**
 * One NATS command or query, declared once: its subject, the class of its request, the type of its
 * response and the error codes it may raise. The caller (`RpcClient.request`) takes its response type
 * from here, the handler (`@RpcHandler`) is checked against it at compile time, and the gateway's
 * OpenAPI error lists can be read from `errors`.
 */
export interface RpcContract<Req, Res> {
  readonly subject: string;
  readonly request: PayloadClass<Req> | null;
  readonly errors: readonly ErrorCode[];
  /** Type-only marker carrying `Res`; never set at run time. */
  readonly __response?: (res: Res) => Res;
}

export interface RpcSpec<Req> {
  request?: PayloadClass<Req>;
  /**
   * The codes this command or query raises itself, beyond those any call may get (VAL_FAILED from the
   * payload's validation, AUTH_UNAUTHENTICATED / AUTH_FORBIDDEN from the actor checks, the SYS_* of
   * the transport): the list the gateway documents for the route with `@ApiErrors(...contract.errors)`.
   */
  errors?: readonly ErrorCode[];
}

/** `defineRpc<CreateJobBody, JobView>('scheduling.jobs.create', { request: CreateJobBody, errors: [...] })` */
export function defineRpc<Req, Res>(subject: string, spec: RpcSpec<Req> = {}): RpcContract<Req, Res> {
  if (!/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(subject)) {
    throw new Error(`RPC subject ${JSON.stringify(subject)} must be dot-separated lower_snake_case tokens`);
  }
  return Object.freeze({
    subject,
    request: spec.request ?? null,
    errors: Object.freeze([...(spec.errors ?? [])]),
  });
}

export type RpcRequestOf<C> = C extends RpcContract<infer Req, unknown> ? Req : never;
export type RpcResponseOf<C> = C extends RpcContract<unknown, infer Res> ? Res : never;
