import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Aal, Role } from '../rpc/rpc-headers';
import { WithClientContext } from './client-context';

export class RegisterRequest {
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters long' })
  @MaxLength(128, { message: 'password must be at most 128 characters long' })
  password: string;

  /** Self-service sign-up may choose only these; every other role is granted by a super_admin. */
  @IsOptional()
  @IsIn(['customer', 'provider'], { message: 'role must be customer or provider' })
  role?: 'customer' | 'provider';
}

export class LoginRequest {
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

/** A login as it crosses NATS: the body plus the client (for throttling and the session record). */
export class LoginCommand extends WithClientContext(LoginRequest) {}

export interface RegisterResult {
  status: 'accepted';
  message: string;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
  /** The session's assurance level: aal2 after a second factor was verified in it. */
  aal: Aal;
  /**
   * True when the account has two-factor on and this session has not verified it yet: until
   * `POST /v1/auth/2fa` succeeds, every other route answers 403 `AUTH_2FA_REQUIRED`.
   */
  mfa_required: boolean;
  /**
   * True when the account's role needs two-factor for admin work (AUTH_REQUIRE_ADMIN_2FA) and it is not
   * on yet: enrol (`POST /v1/me/2fa/enroll`), verify (`POST /v1/me/2fa/verify`), then step up.
   */
  two_factor_enrollment_required: boolean;
}

export interface UserProfile {
  id: string;
  email: string;
  role: Role;
  created_at: string;
  /** E.164, for SMS notifications; null when not given. */
  phone: string | null;
  /** IANA zone notifications are written in (default UTC). */
  time_zone: string;
  /** BCP 47 language of notifications (default en). */
  locale: string;
}

export interface Jwks {
  keys: Array<Record<string, unknown>>;
}
