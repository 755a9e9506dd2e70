import { SchedulingDomainError } from '../errors/scheduling-domain.errors';

export class VisitNotStartedError extends SchedulingDomainError {
  constructor(scheduledStart: Date, adminMayOverride: boolean) {
    super(
      'BR_VISIT_NOT_STARTED',
      adminMayOverride
        ? `The visit starts at ${scheduledStart.toISOString()}: to record it as completed before then, give an override_reason (it is audited).`
        : `The visit starts at ${scheduledStart.toISOString()}: it can be marked completed once it has started.`,
      { scheduled_start: scheduledStart.toISOString() },
    );
  }
}

export class EarlyCompletionForbiddenError extends SchedulingDomainError {
  constructor() {
    super('AUTH_FORBIDDEN', 'Only an admin may override the completion rule with a reason.');
  }
}

export interface CompletionRequest {
  scheduledStart: Date | null;
  now: Date;
  /** The caller acts as an admin (not as a party of the assignment). */
  byAdmin: boolean;
  overrideReason?: string;
}

/**
 * A visit is marked completed once it has started. An admin may record it earlier with a reason (a
 * visit moved at short notice, a data fix); the caller audits such an override. Only admins give one.
 * @returns whether this completion is such an early, overridden one.
 */
export function checkCompletion(req: CompletionRequest): { early: boolean } {
  if (req.overrideReason !== undefined && !req.byAdmin) throw new EarlyCompletionForbiddenError();
  const early = req.scheduledStart !== null && req.now.getTime() < req.scheduledStart.getTime();
  if (early && !req.overrideReason) throw new VisitNotStartedError(req.scheduledStart!, req.byAdmin);
  return { early };
}
