import { FieldError } from '@slotline/contracts';
import { isCommonPassword } from './common-passwords';

/** Length is checked by the payload class; this adds what a decorator cannot know. */
export function passwordPolicyViolations(password: string, email: string): FieldError[] {
  const errors: FieldError[] = [];
  if (isCommonPassword(password)) {
    errors.push({
      field: 'password',
      code: 'password_common',
      message: 'password is too common; choose another',
    });
  }
  const local = email.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) {
    errors.push({
      field: 'password',
      code: 'password_contains_email',
      message: 'password must not contain the email address',
    });
  }
  if (new Set(password).size < 4) {
    errors.push({
      field: 'password',
      code: 'password_low_variety',
      message: 'password needs more distinct characters',
    });
  }
  return errors;
}
