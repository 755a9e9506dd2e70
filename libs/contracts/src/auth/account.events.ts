import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { defineEvent } from '../events/event-registry';
import { ROLES, Role } from '../rpc/rpc-headers';
import { E164_PATTERN, IsBcp47Locale, IsIanaTimeZone } from './profile.payloads';

/**
 * The `data` of evt.auth.account.created.v1 and evt.auth.account.changed.v1: the whole current contact
 * record, so a consumer (notifications' recipient directory) can upsert it without asking auth-audit.
 * It carries the email and phone: consumers that log or store events must redact them (the audit log does).
 */
export class AccountEventData {
  @IsUUID('all')
  user_id: string;

  @IsEmail()
  email: string;

  @IsIn(ROLES)
  role: Role;

  @IsOptional()
  @Matches(E164_PATTERN)
  phone?: string | null;

  @IsIanaTimeZone()
  time_zone: string;

  @IsBcp47Locale()
  locale: string;

  /** Names of the fields that changed (changed only). */
  @IsOptional()
  @IsString({ each: true })
  changed?: string[];
}

/** The `data` of evt.auth.session.new_device_sign_in.v1: a sign-in from a device this account had not used. */
export class NewDeviceSignInData {
  @IsUUID('all')
  user_id: string;

  @IsUUID('all')
  session_id: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  ip: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  user_agent: string | null;
}

export const ACCOUNT_EVENTS = {
  created: defineEvent('evt.auth.account.created.v1', AccountEventData),
  changed: defineEvent('evt.auth.account.changed.v1', AccountEventData),
  newDeviceSignIn: defineEvent('evt.auth.session.new_device_sign_in.v1', NewDeviceSignInData),
} as const;
