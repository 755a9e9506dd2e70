/**
 * The one error taxonomy. Every non-2xx answer carries one of these codes; docs/api/errors.md lists
 * them with the same status and title (a test keeps the two in step).
 */
export const ERROR_CATALOG = {
  // 401 / 403 — who you are and what you may do
  AUTH_UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  AUTH_TOKEN_INVALID: { status: 401, title: 'Access token invalid' },
  AUTH_TOKEN_EXPIRED: { status: 401, title: 'Access token expired' },
  AUTH_INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials' },
  AUTH_REFRESH_INVALID: { status: 401, title: 'Refresh token invalid' },
  AUTH_REFRESH_REUSED: { status: 401, title: 'Refresh token reused' },
  AUTH_SESSION_REVOKED: { status: 401, title: 'Session revoked' },
  AUTH_FORBIDDEN: { status: 403, title: 'Forbidden' },
  AUTH_2FA_REQUIRED: { status: 403, title: 'Two-factor authentication required' },
  AUTH_2FA_INVALID: { status: 401, title: 'Two-factor code invalid' },

  // 400 / 405 / 413 / 415 / 422 — the request itself
  VAL_FAILED: { status: 400, title: 'Validation failed' },
  VAL_MALFORMED_JSON: { status: 400, title: 'Malformed JSON body' },
  VAL_CURSOR: { status: 400, title: 'Invalid cursor' },
  VAL_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  VAL_PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  VAL_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  VAL_IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency key reused with a different body' },
  VAL_PRECONDITION_REQUIRED: { status: 428, title: 'Precondition required' },

  // 404
  NF_ROUTE: { status: 404, title: 'Route not found' },
  NF_RESOURCE: { status: 404, title: 'Resource not found' },
  NF_USER: { status: 404, title: 'User not found' },
  NF_SESSION: { status: 404, title: 'Session not found' },

  // 409 / 412 — conflicts with the current state
  CF_CONFLICT: { status: 409, title: 'Conflict' },
  CF_IDEMPOTENCY_IN_FLIGHT: { status: 409, title: 'A request with this idempotency key is still running' },
  CF_PRECONDITION_FAILED: { status: 412, title: 'Precondition failed' },
  CF_PRACTITIONER_BUSY: { status: 409, title: 'Practitioner already booked' },
  CF_ROOM_BUSY: { status: 409, title: 'Room already booked' },
  CF_RESOURCE_BUSY: { status: 409, title: 'Resource already booked' },
  CF_SCHEDULE_VERSION: { status: 409, title: 'Schedule version is stale' },
  CF_PAYOUT_DECIDED: { status: 409, title: 'Payout already decided' },
  CF_2FA_ALREADY_ENABLED: { status: 409, title: 'Two-factor authentication already enabled' },

  // 422 — business rules
  BR_RULE_VIOLATED: { status: 422, title: 'Business rule violated' },
  BR_OUTSIDE_WORKING_HOURS: { status: 422, title: 'Outside working hours' },
  BR_RESOURCE_TIME_OFF: { status: 422, title: 'Resource on time off' },
  BR_WINDOW_IN_PAST: { status: 422, title: 'Window starts in the past' },
  BR_NONEXISTENT_LOCAL_TIME: { status: 422, title: 'Local time does not exist' },
  BR_INVALID_TIME_ZONE: { status: 422, title: 'Invalid time zone' },
  BR_INVALID_STATE_TRANSITION: { status: 422, title: 'Invalid state transition' },
  BR_VISIT_NOT_STARTED: { status: 422, title: 'Visit has not started' },
  BR_2FA_NOT_ENROLLED: { status: 422, title: 'Two-factor authentication not set up' },
  BR_SELF_ROLE_CHANGE: { status: 422, title: 'Own role cannot be changed' },
  BR_WEBHOOK_URL_REFUSED: { status: 422, title: 'Webhook URL refused' },

  // 429
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  RATE_LOGIN_THROTTLED: { status: 429, title: 'Too many sign-in attempts' },

  // 5xx — never carries internals
  SYS_INTERNAL: { status: 500, title: 'Internal error' },
  SYS_UPSTREAM_UNAVAILABLE: { status: 503, title: 'Upstream service unavailable' },
  SYS_UPSTREAM_TIMEOUT: { status: 504, title: 'Upstream service timed out' },
  SYS_NOT_READY: { status: 503, title: 'Service not ready' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CATALOG, value);
}

/** One bad field of a request, as listed in `errors[]` of a problem document. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** What an error looks like on the NATS wire, between a service and its caller. */
export interface RpcErrorPayload {
  code: ErrorCode;
  status: number;
  message: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}

/** The RFC 9457 problem document the gateway answers with. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  message: string;
  trace_id: string;
  request_id: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}
