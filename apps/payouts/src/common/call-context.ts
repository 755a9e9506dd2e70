import { Actor, CallMeta } from '@slotline/contracts';
import { AppError } from '@slotline/errors';

export function requireActor(meta: CallMeta): Actor {
  if (!meta.actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in to use payouts.');
  return meta.actor;
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'super_admin';
}

export function requireAdmin(meta: CallMeta): Actor {
  const actor = requireActor(meta);
  if (!isAdmin(actor)) throw new AppError('AUTH_FORBIDDEN', 'Only admins may decide payouts.');
  return actor;
}

export function requireProvider(meta: CallMeta): Actor {
  const actor = requireActor(meta);
  if (actor.role !== 'provider') throw new AppError('AUTH_FORBIDDEN', 'Only providers have payouts.');
  return actor;
}

/** The same answer whether the payout does not exist or the caller may not see it. */
export function payoutNotFound(): AppError {
  return new AppError('NF_RESOURCE', 'No payout with this id.');
}
