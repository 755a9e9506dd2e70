import { Actor, CallMeta } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { callGuards, notFound } from '@slotline/messaging';

export { isAdmin } from '@slotline/messaging';

export const { requireActor, requireAdmin } = callGuards({
  service: 'payouts',
  adminAction: 'decide payouts',
});

export function requireProvider(meta: CallMeta): Actor {
  const actor = requireActor(meta);
  if (actor.role !== 'provider') throw new AppError('AUTH_FORBIDDEN', 'Only providers have payouts.');
  return actor;
}

/** The same answer whether the payout does not exist or the caller may not see it. */
export function payoutNotFound(): AppError {
  return notFound('payout');
}
