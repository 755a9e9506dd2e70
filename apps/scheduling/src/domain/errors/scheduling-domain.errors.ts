import type { ErrorCode } from '@slotline/contracts';

/**
 * Base of every error the scheduling domain throws. The domain knows nothing of HTTP or NATS: the
 * application layer maps `code` (a taxonomy code, so its status comes from ERROR_CATALOG) to an AppError.
 */
export class SchedulingDomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidTimeZoneError extends SchedulingDomainError {
  constructor(readonly timeZone: string) {
    super('BR_INVALID_TIME_ZONE', `"${timeZone}" is not a valid IANA time zone`, { time_zone: timeZone });
  }
}

export class NonexistentLocalTimeError extends SchedulingDomainError {
  constructor(localTime: string, timeZone: string, nextValid: string) {
    super(
      'BR_NONEXISTENT_LOCAL_TIME',
      `${localTime} does not exist in ${timeZone} (clocks skip it for daylight saving time)`,
      { local_time: localTime, time_zone: timeZone, next_valid: nextValid },
    );
  }
}

export class InvalidStateTransitionError extends SchedulingDomainError {
  constructor(kind: string, from: string, to: string) {
    const article = /^[aeiou]/i.test(kind) ? 'An' : 'A';
    super('BR_INVALID_STATE_TRANSITION', `${article} ${kind} cannot go from ${from} to ${to}`, {
      kind,
      from,
      to,
    });
  }
}

/** Malformed input that a DTO should already have rejected: a programming error more than a user one. */
export class InvalidSchedulingInputError extends SchedulingDomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('VAL_FAILED', message, details);
  }
}
