import { InvalidStateTransitionError } from '../errors/scheduling-domain.errors';

export type JobStatus = 'open' | 'assigned' | 'completed' | 'cancelled';
export type AssignmentStatus = 'awaiting_schedule' | 'scheduled' | 'completed' | 'rejected' | 'cancelled';

interface StatusByKind {
  job: JobStatus;
  assignment: AssignmentStatus;
}
export type StateMachineKind = keyof StatusByKind;

/** The only allowed moves (docs/scheduling.md, "States"). Rescheduling keeps `scheduled`: no transition. */
export const TRANSITIONS: {
  readonly [K in StateMachineKind]: Readonly<Record<StatusByKind[K], readonly StatusByKind[K][]>>;
} = {
  job: {
    open: ['assigned', 'cancelled'],
    // back to open when the provider rejects after accepting (SCH-10)
    assigned: ['open', 'completed', 'cancelled'],
    completed: [],
    cancelled: [],
  },
  assignment: {
    awaiting_schedule: ['scheduled', 'rejected', 'cancelled'],
    scheduled: ['completed', 'rejected', 'cancelled'],
    completed: [],
    rejected: [],
    cancelled: [],
  },
};

export function canTransition<K extends StateMachineKind>(
  kind: K,
  from: StatusByKind[K],
  to: StatusByKind[K],
): boolean {
  const allowed = (TRANSITIONS[kind] as Record<string, readonly string[]>)[from];
  return allowed !== undefined && allowed.includes(to);
}

/** @throws InvalidStateTransitionError (BR_INVALID_STATE_TRANSITION) unless the table allows the move. */
export function assertTransition<K extends StateMachineKind>(
  kind: K,
  from: StatusByKind[K],
  to: StatusByKind[K],
): void {
  if (!canTransition(kind, from, to)) throw new InvalidStateTransitionError(kind, from, to);
}

export function isTerminal<K extends StateMachineKind>(kind: K, status: StatusByKind[K]): boolean {
  const allowed = (TRANSITIONS[kind] as Record<string, readonly string[]>)[status];
  return allowed !== undefined && allowed.length === 0;
}
