import { JobNotOpenError, JobRejectedBeforeError } from './assignment.errors';
import { assignJob } from './assign-job';

describe(assignJob.name, () => {
  const sut = assignJob;

  it('assigns an open job: a new assignment awaiting its schedule, one event', () => {
    expect(sut({ status: 'open' }, { rejectedBefore: false })).toEqual({
      jobStatus: 'assigned',
      assignmentStatus: 'awaiting_schedule',
      events: ['assignment_accepted'],
    });
  });

  it.each(['assigned', 'completed', 'cancelled'] as const)('refuses a %s job as a conflict', (status) => {
    expect(() => sut({ status }, { rejectedBefore: false })).toThrow(
      expect.objectContaining({ code: 'CF_CONFLICT', details: { job_status: status } }),
    );
    expect(() => sut({ status }, { rejectedBefore: false })).toThrow(JobNotOpenError);
  });

  it('refuses a provider who rejected the job before', () => {
    expect(() => sut({ status: 'open' }, { rejectedBefore: true })).toThrow(JobRejectedBeforeError);
  });
});
