import { assertTransition, JobStatus } from '../state/state-transitions';
import { JobNotOpenError, JobRejectedBeforeError } from './assignment.errors';

/**
 * SCH-2: an open job goes to a provider, as a new assignment awaiting its schedule; one who rejected
 * it before (SCH-10) does not get it back.
 * @throws JobNotOpenError, JobRejectedBeforeError
 */
export function assignJob(job: { status: JobStatus }, provider: { rejectedBefore: boolean }) {
  assertJobOpen(job);
  if (provider.rejectedBefore) throw new JobRejectedBeforeError();
  assertTransition('job', job.status, 'assigned');
  return {
    jobStatus: 'assigned' as const,
    assignmentStatus: 'awaiting_schedule' as const,
    events: ['assignment_accepted'] as const,
  };
}

/** Checked first, before anything else is looked up: a taken job is a conflict whoever asks. */
export function assertJobOpen(job: { status: JobStatus }): void {
  if (job.status !== 'open') throw new JobNotOpenError(job.status);
}
