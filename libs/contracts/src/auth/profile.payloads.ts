import {
  IsOptional,
  Matches,
  MaxLength,
  ValidateIf,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';
import { defineRpc } from '../rpc/define-rpc';
import type { UserProfile } from './auth.payloads';

/** E.164: a plus, a country code not starting with 0, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/** True for a zone name the runtime's IANA database knows (`Europe/London`, `UTC`). */
export function isIanaTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** True for a well-formed BCP 47 language tag (`en`, `de-AT`, `pt-BR`), as Intl canonicalises it. */
export function isBcp47Locale(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 35) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

function predicate(name: string, test: (v: unknown) => boolean, message: string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message, ...options },
        validator: { validate: test },
      });
}

export const IsIanaTimeZone = predicate(
  'isIanaTimeZone',
  isIanaTimeZone,
  '$property must be an IANA time zone, e.g. Europe/London',
);
export const IsBcp47Locale = predicate(
  'isBcp47Locale',
  isBcp47Locale,
  '$property must be a BCP 47 language tag, e.g. en or de-AT',
);

/** `PATCH /v1/me`: contact details and preferences of the signed-in user; omitted fields stay. */
export class UpdateProfileRequest {
  /** E.164 mobile number for SMS (`+447700900123`); null removes it. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(E164_PATTERN, { message: 'phone must be an E.164 number, e.g. +447700900123' })
  phone?: string | null;

  @IsOptional()
  @IsIanaTimeZone()
  time_zone?: string;

  @IsOptional()
  @MaxLength(35)
  @IsBcp47Locale()
  locale?: string;
}

export const PROFILE_RPC = {
  update: defineRpc<UpdateProfileRequest, UserProfile>('auth.me.update_profile', {
    request: UpdateProfileRequest,
    errors: ['NF_USER'],
  }),
} as const;
