import { assertTransition } from '../state/state-transitions';
import { checkCompletion } from '../rules/completion.rule';
import type { JobStatus } from '../state/state-transitions';
import { AssignmentState, bookingToRelease, NO_PROPOSAL } from './assignment-state';

type Live = Pick<AssignmentState, 'status' | 'scheduleVersion' | 'bookingId' | 'scheduledStart'>;

export type RejectionEvent = 'booking_released' | 'assignment_rejected' | 'job_requeued';

/**
 * SCH-10: the provider (or an admin) gives an accepted job back. The assignment ends as rejected, its
 * booking (if scheduled) is released and the job is open again for other providers.
 * @throws InvalidStateTransitionError when the assignment or the job has already ended
 */
export function rejectAssignment(
  a: Live,
  job: { status: JobStatus },
  by: { now: Date; reason: string | null },
) {
  assertTransition('assignment', a.status, 'rejected');
  assertTransition('job', job.status, 'open');
  const releases = bookingToRelease(a);
  return {
    changes: {
      ...NO_PROPOSAL,
      status: 'rejected' as const,
      rejectedAt: by.now,
      rejectionReason: by.reason,
      scheduleVersion: a.scheduleVersion + 1,
      reminderOverdue: false,
    },
    jobStatus: 'open' as const,
    releases,
    events: [
      ...(releases ? (['booking_released'] as const) : []),
      'assignment_rejected',
      'job_requeued',
    ] as RejectionEvent[],
  };
}

export type CompletionEvent = 'assignment_completed' | 'assignment_completed_early';

/**
 * The visit took place: assignment and job complete. Not before the visit starts, unless an admin
 * gives a reason (`checkCompletion`); such an early completion emits its own event to be audited.
 * @throws InvalidStateTransitionError, VisitNotStartedError, EarlyCompletionForbiddenError
 */
export function completeAssignment(
  a: Live,
  job: { status: JobStatus },
  by: { now: Date; byAdmin: boolean; overrideReason?: string },
) {
  assertTransition('assignment', a.status, 'completed');
  assertTransition('job', job.status, 'completed');
  const { early } = checkCompletion({ scheduledStart: a.scheduledStart, ...by });
  return {
    changes: {
      ...NO_PROPOSAL,
      status: 'completed' as const,
      completedAt: by.now,
      scheduleVersion: a.scheduleVersion + 1,
    },
    jobStatus: 'completed' as const,
    early,
    events: [
      'assignment_completed',
      ...(early ? (['assignment_completed_early'] as const) : []),
    ] as CompletionEvent[],
  };
}

export type CancellationEvent = 'booking_released' | 'assignment_cancelled' | 'job_cancelled';

/**
 * The customer (or an admin) cancels a job: its live assignment, if any, is cancelled too and its
 * booking released. Events in the order they are emitted.
 * @throws InvalidStateTransitionError when the job (or its assignment) has already ended
 */
export function cancelJob(job: { status: JobStatus }, live: Live | null, by: { now: Date }) {
  assertTransition('job', job.status, 'cancelled');
  if (live) assertTransition('assignment', live.status, 'cancelled');
  const releases = live ? bookingToRelease(live) : null;
  return {
    jobStatus: 'cancelled' as const,
    assignment: live && {
      changes: {
        ...NO_PROPOSAL,
        status: 'cancelled' as const,
        cancelledAt: by.now,
        scheduleVersion: live.scheduleVersion + 1,
        reminderOverdue: false,
      },
      releases,
    },
    events: [
      ...(releases ? (['booking_released'] as const) : []),
      ...(live ? (['assignment_cancelled'] as const) : []),
      'job_cancelled',
    ] as CancellationEvent[],
  };
}
