import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Actor, CallMeta, RPC_HEADERS, ROLES } from '@slotline/contracts';

function header(ctx: NatsContext, name: string): string | null {
  const value = ctx.getHeaders()?.get(name);
  return value ? value : null;
}

function parseActor(raw: string | null): Actor | null {
  if (!raw) return null;
  try {
    const a = JSON.parse(raw) as Partial<Actor>;
    if (
      typeof a.user_id === 'string' &&
      ROLES.includes(a.role as Actor['role']) &&
      typeof a.session_id === 'string'
    ) {
      return {
        user_id: a.user_id,
        role: a.role as Actor['role'],
        session_id: a.session_id,
        aal: a.aal === 'aal2' ? 'aal2' : 'aal1',
      };
    }
  } catch {
    // A malformed actor header is treated as no actor: the handler then refuses what needs one.
  }
  return null;
}

// One message's metadata, read once: the server's observation and the handler's `@Meta()` both need it.
const read = new WeakMap<NatsContext, CallMeta>();

export function readCallMeta(ctx: NatsContext): CallMeta {
  let meta = read.get(ctx);
  if (!meta) read.set(ctx, (meta = parseCallMeta(ctx)));
  return meta;
}

function parseCallMeta(ctx: NatsContext): CallMeta {
  return {
    actor: parseActor(header(ctx, RPC_HEADERS.actor)),
    request_id: header(ctx, RPC_HEADERS.requestId),
    idempotency_key: header(ctx, RPC_HEADERS.idempotencyKey),
    traceparent: header(ctx, RPC_HEADERS.traceparent),
  };
}

/** `@Meta() meta: CallMeta` in a NATS handler: actor, request id, idempotency key, traceparent. */
export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): CallMeta =>
  readCallMeta(ctx.switchToRpc().getContext<NatsContext>()),
);
