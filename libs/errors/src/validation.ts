import { ValidationPipe } from '@nestjs/common';
import { FieldError } from '@slotline/contracts';
import { ValidationError } from 'class-validator';
import { AppError } from './app-error';

export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([code, message]) => ({
      field,
      code: code === 'whitelistValidation' ? 'unknown_field' : code,
      // Never echo the rejected value: it may be a password.
      message: code === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return [...own, ...toFieldErrors(e.children ?? [], field)];
  });
}

/**
 * The one ValidationPipe, used for HTTP bodies/queries and NATS payloads alike: unknown fields are
 * refused (mass assignment), every bad field is named, and the failure is a taxonomy error.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new AppError('VAL_FAILED', 'The request has invalid fields.', toFieldErrors(errors)),
  });
}
