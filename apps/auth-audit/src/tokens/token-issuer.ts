import { ACCESS_TOKEN, Aal, Role, TokenPair } from '@slotline/contracts';
import { SignJWT } from 'jose';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SigningKeys } from './signing-keys';

export interface AccessClaims {
  userId: string;
  role: Role;
  sessionId: string;
  aal: Aal;
  /** The account has two-factor on and this session has not verified it: the token opens only step-up. */
  mfaPending?: boolean;
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Signs short-lived access tokens and mints opaque refresh tokens (only their hash is stored). */
export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    readonly accessTtlSeconds: number,
  ) {}

  async accessToken(claims: AccessClaims): Promise<string> {
    const key = this.keys.active;
    const mfa = claims.mfaPending ? { mfa: 'pending' } : {};
    return new SignJWT({ role: claims.role, sid: claims.sessionId, aal: claims.aal, ...mfa })
      .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, typ: ACCESS_TOKEN.type, kid: key.kid })
      .setSubject(claims.userId)
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${this.accessTtlSeconds}s`)
      .setJti(randomUUID())
      .sign(key.privateKey);
  }

  /** The answer of login, refresh and step-up: a fresh access token with the refresh token just minted. */
  async pair(claims: AccessClaims, refreshToken: string): Promise<TokenPair> {
    return {
      access_token: await this.accessToken(claims),
      refresh_token: refreshToken,
      expires_in: this.accessTtlSeconds,
      token_type: 'Bearer',
      aal: claims.aal,
      mfa_required: claims.mfaPending ?? false,
      // Only a password sign-in reports it (AccountsService.login); a stepped-up session has two-factor.
      two_factor_enrollment_required: false,
    };
  }

  refreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashOpaqueToken(token) };
  }
}
