import { Actor } from '@slotline/contracts';
import { isAdmin } from './call-context';

/** Whose lists and objects a caller may see: admins all, customers their jobs, providers theirs. */
export interface Viewer {
  userId: string;
  scope: 'admin' | 'customer' | 'provider';
}

export function viewerOf(actor: Actor): Viewer {
  return {
    userId: actor.user_id,
    scope: isAdmin(actor) ? 'admin' : actor.role === 'customer' ? 'customer' : 'provider',
  };
}
