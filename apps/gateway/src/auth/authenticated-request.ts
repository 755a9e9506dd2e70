import type { Actor } from '@slotline/contracts';
import type { FastifyRequest } from 'fastify';

export interface AuthenticatedUser {
  id: string;
  role: Actor['role'];
  sid: string;
  aal: Actor['aal'];
  /** Two-factor is on for the account but not yet verified in this session. */
  mfaPending: boolean;
}

/** The request as the edge hooks and guards leave it (path parameters are strings). */
export type GatewayRequest = FastifyRequest<{ Params: Record<string, string | undefined> }> & {
  user?: AuthenticatedUser;
  requestId: string;
  idempotencyKey?: string;
};

/** The path of the request's target, without its query (what Express called `req.path`). */
export function pathOf(req: Pick<FastifyRequest, 'url'>): string {
  const query = req.url.indexOf('?');
  return query === -1 ? req.url : req.url.slice(0, query);
}

export function actorOf(req: GatewayRequest): Actor | null {
  return req.user
    ? { user_id: req.user.id, role: req.user.role, session_id: req.user.sid, aal: req.user.aal }
    : null;
}

/** The call context every RPC from the gateway carries (actor, request id, idempotency key). */
export function callOf(req: GatewayRequest) {
  return { actor: actorOf(req), requestId: req.requestId, idempotencyKey: req.idempotencyKey ?? null };
}
