import { SchedulingDomainError } from '../errors/scheduling-domain.errors';

/** SCH-3: a change based on a `schedule_version` someone else has moved past. */
export class ScheduleVersionConflictError extends SchedulingDomainError {
  constructor(current: number, expected: number) {
    super(
      'CF_SCHEDULE_VERSION',
      `The schedule changed meanwhile: it is at version ${current}, not ${expected}. Reload and retry.`,
      { current_version: current },
    );
  }
}

export class NotReschedulableError extends SchedulingDomainError {
  constructor(status: string) {
    super(
      'BR_INVALID_STATE_TRANSITION',
      `Only a scheduled assignment can be rescheduled; this one is ${status}.`,
      { kind: 'assignment', from: status, to: 'scheduled' },
    );
  }
}

export class NoProposalError extends SchedulingDomainError {
  constructor() {
    super('BR_RULE_VIOLATED', 'There is no proposed window to confirm.');
  }
}

export class OwnProposalError extends SchedulingDomainError {
  constructor() {
    super('AUTH_FORBIDDEN', 'A proposal is confirmed by the other party, not by the one who made it.');
  }
}

export class JobNotOpenError extends SchedulingDomainError {
  constructor(status: string) {
    super('CF_CONFLICT', `The job is no longer open (it is ${status}).`, { job_status: status });
  }
}

export class JobRejectedBeforeError extends SchedulingDomainError {
  constructor() {
    super('BR_RULE_VIOLATED', 'You rejected this job; it is offered to other providers now.');
  }
}
