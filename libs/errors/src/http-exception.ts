import { HttpException } from '@nestjs/common';
import type { ErrorCode } from '@slotline/contracts';
import { AppError } from './app-error';

/**
 * The taxonomy code for a status the framework answers with by itself (a guard returning false, a
 * pipe, the router, the body parser). Both the gateway's problem filter and the services' RPC error
 * filter read it, so a framework 401 or 403 reaches a client with the same code from either side.
 */
const FRAMEWORK_STATUS_CODES: Readonly<Partial<Record<number, ErrorCode>>> = {
  400: 'VAL_FAILED',
  401: 'AUTH_UNAUTHENTICATED',
  403: 'AUTH_FORBIDDEN',
  404: 'NF_RESOURCE',
  405: 'VAL_METHOD_NOT_ALLOWED',
  409: 'CF_CONFLICT',
  412: 'CF_PRECONDITION_FAILED',
  413: 'VAL_PAYLOAD_TOO_LARGE',
  415: 'VAL_UNSUPPORTED_MEDIA_TYPE',
  428: 'VAL_PRECONDITION_REQUIRED',
  429: 'RATE_LIMITED',
};

export function errorCodeForStatus(status: number): ErrorCode {
  return FRAMEWORK_STATUS_CODES[status] ?? (status < 500 ? 'VAL_FAILED' : 'SYS_INTERNAL');
}

/** An HttpException as an AppError; a 5xx keeps no framework text, so nothing internal leaks. */
export function appErrorFromHttpException(err: HttpException): AppError {
  const code = errorCodeForStatus(err.getStatus());
  return code === 'SYS_INTERNAL'
    ? new AppError(code, 'An internal error occurred.')
    : new AppError(code, err.message);
}
