import type { Actor } from '@slotline/contracts';
import type { Request } from 'express';

export interface AuthenticatedUser {
  id: string;
  role: Actor['role'];
  sid: string;
  aal: Actor['aal'];
  /** Two-factor is on for the account but not yet verified in this session. */
  mfaPending: boolean;
}

export type GatewayRequest = Request & {
  user?: AuthenticatedUser;
  requestId: string;
  idempotencyKey?: string;
};

export function actorOf(req: GatewayRequest): Actor | null {
  return req.user
    ? { user_id: req.user.id, role: req.user.role, session_id: req.user.sid, aal: req.user.aal }
    : null;
}

/** The call context every RPC from the gateway carries (actor, request id, idempotency key). */
export function callOf(req: GatewayRequest) {
  return { actor: actorOf(req), requestId: req.requestId, idempotencyKey: req.idempotencyKey ?? null };
}
