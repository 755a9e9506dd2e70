import { Actor, CallMeta, EventDataFor, RegisteredEventType } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import type { NewEvent } from '../events/event-envelope';

export function isAdmin(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'super_admin';
}

/** How a service words its refusals: `Sign in to use <service>.`, `Only admins may <adminAction>.` */
export interface CallGuardWording {
  service: string;
  adminAction: string;
}

/**
 * The actor checks every NATS handler starts with, bound to the service's wording (the wording is
 * what a client reads in `detail`; the codes are the same everywhere).
 */
export function callGuards(wording: CallGuardWording) {
  const requireActor = (meta: CallMeta): Actor => {
    if (!meta.actor) throw new AppError('AUTH_UNAUTHENTICATED', `Sign in to use ${wording.service}.`);
    return meta.actor;
  };
  return {
    requireActor,
    requireAdmin(meta: CallMeta): Actor {
      const actor = requireActor(meta);
      if (!isAdmin(actor)) throw new AppError('AUTH_FORBIDDEN', `Only admins may ${wording.adminAction}.`);
      return actor;
    },
    requireRole(meta: CallMeta, role: Actor['role'], what: string): Actor {
      const actor = requireActor(meta);
      if (actor.role !== role) throw new AppError('AUTH_FORBIDDEN', `Only a ${role} may ${what}.`);
      return actor;
    },
  };
}

/** The same answer whether the thing does not exist or the caller may not see it (no existence leak). */
export function notFound(what: string): AppError {
  return new AppError('NF_RESOURCE', `No ${what} with this id.`);
}

export function auditActor(meta: CallMeta): { user_id: string; role: string } | null {
  return meta.actor ? { user_id: meta.actor.user_id, role: meta.actor.role } : null;
}

/** Envelope metadata of an event caused by this call. */
export function eventFrom<K extends RegisteredEventType>(
  meta: CallMeta,
  type: K,
  data: EventDataFor<K>,
): NewEvent<K> {
  return {
    type,
    data,
    actor: auditActor(meta),
    request_id: meta.request_id,
    traceparent: meta.traceparent,
    idempotency_key: meta.idempotency_key,
  };
}
