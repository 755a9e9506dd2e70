import { ACCESS_TOKEN, AUTH_RPC, ROLES, Role } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { RpcClient } from '@slotline/messaging';
import { JSONWebKeySet, createLocalJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { AuthenticatedUser } from './authenticated-request';

/** How many verified tokens are remembered (about 1 KiB each); the oldest is forgotten first. */
const MAX_VERIFIED_TOKENS = 10_000;

interface VerifiedToken {
  user: AuthenticatedUser;
  /** `nbf` and `exp` in seconds since the epoch, checked as jose checks them. */
  nbf: number;
  exp: number;
}

/**
 * Verifies access tokens locally against the auth service's JWKS (no per-request hop). The key set is
 * cached; an unknown `kid` triggers one refresh (at most every 10 s) so rotated keys are picked up.
 *
 * A token that verified is remembered until it expires, for as long as the key set that verified it is
 * the current one: the signature check was a fifth of the gateway's CPU per request (docs/performance-history.md).
 * The answer is the same as verifying again (the claims are the token's, `nbf`/`exp` are re-checked on
 * every use, and a refreshed key set forgets them all).
 */
export class AccessTokenVerifier {
  private jwks?: { set: ReturnType<typeof createLocalJWKSet>; fetchedAt: number };
  private lastForcedRefresh = 0;
  private inflight?: Promise<void>;
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly rpc: RpcClient,
    private readonly cacheSeconds: number,
  ) {}

  async verify(token: string): Promise<AuthenticatedUser> {
    await this.ensureKeys(false);
    const known = this.verified.get(token);
    if (known) {
      const now = Math.floor(Date.now() / 1000);
      if (known.nbf <= now && now < known.exp) return { ...known.user };
      this.verified.delete(token); // verified again below, for the error jose gives
    }
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
    const user: AuthenticatedUser = {
      id: payload.sub,
      role,
      sid: payload.sid,
      aal,
      mfaPending: aal === 'aal1' && payload.mfa === 'pending',
    };
    this.remember(token, { user: { ...user }, nbf: payload.nbf!, exp: payload.exp! });
    return user;
  }

  private remember(token: string, entry: VerifiedToken): void {
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, entry);
  }

  private async ensureKeys(force: boolean): Promise<void> {
    const fresh = this.jwks && Date.now() - this.jwks.fetchedAt < this.cacheSeconds * 1000;
    if (fresh && !force) return;
    this.inflight ??= this.rpc
      .request(AUTH_RPC.jwks, {})
      .then((jwks) => {
        this.jwks = { set: createLocalJWKSet(jwks as unknown as JSONWebKeySet), fetchedAt: Date.now() };
        this.verified.clear(); // a key that left the set verifies nothing any more
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
