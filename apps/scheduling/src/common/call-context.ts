import { Actor, CallMeta, EventDataFor, RegisteredEventType } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { NewEvent } from '@slotline/messaging';

export function requireActor(meta: CallMeta): Actor {
  if (!meta.actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in to use scheduling.');
  return meta.actor;
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'super_admin';
}

export function requireAdmin(meta: CallMeta): Actor {
  const actor = requireActor(meta);
  if (!isAdmin(actor)) throw new AppError('AUTH_FORBIDDEN', 'Only admins may do this.');
  return actor;
}

export function requireRole(meta: CallMeta, role: Actor['role'], what: string): Actor {
  const actor = requireActor(meta);
  if (actor.role !== role) throw new AppError('AUTH_FORBIDDEN', `Only a ${role} may ${what}.`);
  return actor;
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
