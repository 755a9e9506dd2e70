import {
  Jwks,
  ROLES,
  RegisterResult,
  RevokeSessionsResult,
  SessionView,
  TokenPair,
  TwoFactorActivated,
  TwoFactorEnrollment,
  UserProfile,
  UserRoleView,
} from '@slotline/contracts';
import { pageSchema } from '../common.schemas';
import { arrayOf, defineObjectSchema } from '../named-schema';

export const RegisterResultSchema = defineObjectSchema<RegisterResult>('RegisterResult', {
  status: { type: 'string', enum: ['accepted'] },
  message: {
    type: 'string',
    description: 'The same whether or not the email was already registered (no enumeration).',
  },
});

export const TokenPairSchema = defineObjectSchema<TokenPair>('TokenPair', {
  access_token: { type: 'string', description: 'Send as `Authorization: Bearer <access_token>`.' },
  refresh_token: {
    type: 'string',
    description: 'Single use: exchange it at POST /v1/auth/refresh for a new pair.',
  },
  expires_in: {
    type: 'integer',
    minimum: 1,
    description: 'Seconds until the access token expires.',
    example: 600,
  },
  token_type: { type: 'string', enum: ['Bearer'] },
  aal: {
    type: 'string',
    enum: ['aal1', 'aal2'],
    description: 'Assurance level of the session: aal2 after a second factor.',
  },
  mfa_required: {
    type: 'boolean',
    description:
      'True when two-factor is on and not yet verified in this session: call POST /v1/auth/2fa before anything else (other routes answer 403 AUTH_2FA_REQUIRED).',
  },
  two_factor_enrollment_required: {
    type: 'boolean',
    description:
      'True when the account is an admin that must use two-factor for admin routes and has not turned it on: enrol (POST /v1/me/2fa/enroll), verify (POST /v1/me/2fa/verify), then step up (POST /v1/auth/2fa).',
  },
});

export const UserProfileSchema = defineObjectSchema<UserProfile>('UserProfile', {
  id: { type: 'string', format: 'uuid' },
  email: { type: 'string', format: 'email' },
  role: { type: 'string', enum: [...ROLES] },
  created_at: { type: 'string', format: 'date-time' },
  phone: {
    type: 'string',
    nullable: true,
    pattern: '^\\+[1-9]\\d{1,14}$',
    description: 'E.164 mobile number for SMS notifications; null when not given.',
    example: '+447700900123',
  },
  time_zone: {
    type: 'string',
    description: 'IANA time zone notifications are written in.',
    example: 'Europe/London',
  },
  locale: { type: 'string', description: 'BCP 47 language of notifications.', example: 'en' },
});

export const JwksSchema = defineObjectSchema<Jwks>('Jwks', {
  keys: arrayOf(
    { type: 'object', additionalProperties: true, description: 'A public JSON Web Key (RFC 7517).' },
    { description: 'Current and recently rotated signing keys.' },
  ),
});

export const SessionViewSchema = defineObjectSchema<SessionView>('SessionView', {
  id: { type: 'string', format: 'uuid' },
  user_agent: { type: 'string', nullable: true },
  ip: { type: 'string', nullable: true },
  aal: { type: 'string', enum: ['aal1', 'aal2'] },
  created_at: { type: 'string', format: 'date-time' },
  last_used_at: { type: 'string', format: 'date-time' },
  current: { type: 'boolean', description: 'True for the session making this request.' },
});

export const SessionPageSchema = pageSchema(SessionViewSchema);

export const RevokeSessionsResultSchema = defineObjectSchema<RevokeSessionsResult>('RevokeSessionsResult', {
  revoked: { type: 'integer', minimum: 0, description: 'How many sessions were signed out.' },
});

export const TwoFactorEnrollmentSchema = defineObjectSchema<TwoFactorEnrollment>('TwoFactorEnrollment', {
  otpauth_uri: { type: 'string', description: '`otpauth://totp/...`: show it as a QR code.' },
  secret: { type: 'string', description: 'The same secret in base32, for typing in by hand.' },
});

export const TwoFactorActivatedSchema = defineObjectSchema<TwoFactorActivated>('TwoFactorActivated', {
  enabled: { type: 'boolean', enum: [true] },
  recovery_codes: arrayOf({ type: 'string' }, { description: 'Ten single-use codes, shown once.' }),
});

export const UserRoleViewSchema = defineObjectSchema<UserRoleView>('UserRoleView', {
  id: { type: 'string', format: 'uuid' },
  role: { type: 'string', enum: [...ROLES] },
  previous_role: { type: 'string', enum: [...ROLES] },
  updated_at: { type: 'string', format: 'date-time' },
});
