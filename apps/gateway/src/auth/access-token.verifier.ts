import { ACCESS_TOKEN, AUTH_RPC, ROLES, Role } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { RpcClient } from '@slotline/messaging';
import { JSONWebKeySet, createLocalJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { AuthenticatedUser } from './authenticated-request';

/**
 * Verifies access tokens locally against the auth service's JWKS (no per-request hop). The key set is
 * cached; an unknown `kid` triggers one refresh (at most every 10 s) so rotated keys are picked up.
 */
export class AccessTokenVerifier {
  private jwks?: { set: ReturnType<typeof createLocalJWKSet>; fetchedAt: number };
  private lastForcedRefresh = 0;
  private inflight?: Promise<void>;

  constructor(
    private readonly rpc: RpcClient,
    private readonly cacheSeconds: number,
  ) {}

  async verify(token: string): Promise<AuthenticatedUser> {
    await this.ensureKeys(false);
    try {
      return await this.verifyWithCurrentKeys(token);
    } catch (err) {
      if (err instanceof joseErrors.JWKSNoMatchingKey && Date.now() - this.lastForcedRefresh > 10000) {
        this.lastForcedRefresh = Date.now();
        await this.ensureKeys(true);
        return this.verifyWithCurrentKeys(token).catch((e) => {
          throw this.toAppError(e);
        });
      }
      throw this.toAppError(err);
    }
  }

  private async verifyWithCurrentKeys(token: string): Promise<AuthenticatedUser> {
    const { payload } = await jwtVerify(token, this.jwks!.set, {
      issuer: ACCESS_TOKEN.issuer,
      audience: ACCESS_TOKEN.audience,
      typ: ACCESS_TOKEN.type,
      // Only the asymmetric algorithm the issuer uses: refuses `none`, HS* and RS* key confusion.
      algorithms: [ACCESS_TOKEN.algorithm],
      requiredClaims: ['sub', 'exp', 'iat', 'nbf'],
    });
    const role = payload.role as Role;
    if (typeof payload.sub !== 'string' || !ROLES.includes(role) || typeof payload.sid !== 'string') {
      throw new AppError('AUTH_TOKEN_INVALID', 'The access token is missing required claims.');
    }
    const aal = payload.aal === 'aal2' ? 'aal2' : 'aal1';
    return {
      id: payload.sub,
      role,
      sid: payload.sid,
      aal,
      mfaPending: aal === 'aal1' && payload.mfa === 'pending',
    };
  }

  private async ensureKeys(force: boolean): Promise<void> {
    const fresh = this.jwks && Date.now() - this.jwks.fetchedAt < this.cacheSeconds * 1000;
    if (fresh && !force) return;
    this.inflight ??= this.rpc
      .request(AUTH_RPC.jwks, {})
      .then((jwks) => {
        this.jwks = { set: createLocalJWKSet(jwks as unknown as JSONWebKeySet), fetchedAt: Date.now() };
      })
      .catch((err) => {
        // A stale key set still verifies tokens signed by known keys while auth-audit is away.
        if (!this.jwks) throw err;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    await this.inflight;
  }

  private toAppError(err: unknown): AppError {
    if (err instanceof AppError) return err;
    if (err instanceof joseErrors.JWTExpired)
      return new AppError('AUTH_TOKEN_EXPIRED', 'The access token has expired.');
    return new AppError('AUTH_TOKEN_INVALID', 'The access token is invalid.');
  }
}
