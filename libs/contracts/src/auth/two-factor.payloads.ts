import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { WithClientContext } from './client-context';

const TOTP_CODE = /^\d{6}$/;
const RECOVERY_CODE = /^[A-Za-z2-7]{4}(-?[A-Za-z2-7]{4}){3}$/;

export class TwoFactorCodeRequest {
  @IsString()
  @Matches(TOTP_CODE, { message: 'code must be 6 digits' })
  code: string;
}

export class TwoFactorVerifyCommand extends WithClientContext(TwoFactorCodeRequest) {}

/** A second factor: the current TOTP code, or one of the recovery codes (exactly one of the two). */
export class TwoFactorProofRequest {
  @IsOptional()
  @IsString()
  @Matches(TOTP_CODE, { message: 'code must be 6 digits' })
  code?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  @Matches(RECOVERY_CODE, { message: 'recovery_code must look like xxxx-xxxx-xxxx-xxxx' })
  recovery_code?: string;
}

export class TwoFactorProofCommand extends WithClientContext(TwoFactorProofRequest) {}

export interface TwoFactorEnrollment {
  /** `otpauth://totp/...`: show it as a QR code. */
  otpauth_uri: string;
  /** The same secret in base32, for typing into an authenticator by hand. */
  secret: string;
}

export interface TwoFactorActivated {
  enabled: true;
  /** Ten single-use codes, shown once; only their hashes are kept. */
  recovery_codes: string[];
}
