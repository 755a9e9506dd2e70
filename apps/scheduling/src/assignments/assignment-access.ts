import { Actor, ProposerSide } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { isAdmin, notFound } from '../common/call-context';
import { AssignmentRecord } from './assignment.record';

/** The caller's part in an assignment, or null when they are not a party (nor an admin). */
export function sideOf(
  actor: Actor,
  a: Pick<AssignmentRecord, 'customerId' | 'providerUserId'>,
): ProposerSide | null {
  if (isAdmin(actor)) return 'admin';
  if (actor.role === 'customer' && a.customerId === actor.user_id) return 'customer';
  if (actor.role === 'provider' && a.providerUserId === actor.user_id) return 'provider';
  return null;
}

/** Non-parties get 404, exactly as for an id that does not exist (SCH-3: no existence leak). */
export function requireSide(
  actor: Actor,
  a: AssignmentRecord | null,
): { assignment: AssignmentRecord; side: ProposerSide } {
  const side = a ? sideOf(actor, a) : null;
  if (!a || !side) throw notFound('assignment');
  return { assignment: a, side };
}

/** A party who may see the assignment but not do this to it (e.g. a customer rejecting) gets 403. */
export function requireOneOf(side: ProposerSide, allowed: readonly ProposerSide[], what: string): void {
  if (!allowed.includes(side))
    throw new AppError('AUTH_FORBIDDEN', `The ${side} of an assignment may not ${what}.`);
}

export function assertVersion(a: AssignmentRecord, expected: number): void {
  if (a.scheduleVersion !== expected) {
    throw new AppError(
      'CF_SCHEDULE_VERSION',
      `The schedule changed meanwhile: it is at version ${a.scheduleVersion}, not ${expected}. Reload and retry.`,
      undefined,
      {
        current_version: a.scheduleVersion,
      },
    );
  }
}
