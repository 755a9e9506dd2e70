import { JWK, KeyLike, exportJWK, generateKeyPair, importJWK } from 'jose';
import { randomUUID } from 'node:crypto';

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

/**
 * The key ring: the first key signs, every key is published in the JWKS so tokens signed by a key
 * being rotated out keep verifying until they expire (rotation with overlap, docs/adr/0003).
 */
export class SigningKeys {
  private constructor(readonly keys: SigningKey[]) {}

  get active(): SigningKey {
    return this.keys[0];
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  static async fromConfig(privateJwksJson: string | undefined): Promise<SigningKeys> {
    if (!privateJwksJson) return SigningKeys.generate();
    let parsed: unknown;
    try {
      parsed = JSON.parse(privateJwksJson);
    } catch {
      throw new Error('AUTH_JWT_PRIVATE_JWKS is not valid JSON');
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown[] })?.keys;
    if (!Array.isArray(list) || list.length === 0)
      throw new Error('AUTH_JWT_PRIVATE_JWKS must hold at least one key');
    const keys = await Promise.all(
      (list as JWK[]).map(async (jwk) => {
        if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d || !jwk.kid) {
          throw new Error('AUTH_JWT_PRIVATE_JWKS: every key must be an Ed25519 private JWK with a kid');
        }
        const { d: _d, ...pub } = jwk;
        return {
          kid: jwk.kid,
          privateKey: (await importJWK(jwk, 'EdDSA')) as KeyLike,
          publicJwk: { ...pub, alg: 'EdDSA', use: 'sig' },
        };
      }),
    );
    return new SigningKeys(keys);
  }

  /** Local development only (production refuses to start without configured keys). */
  static async generate(): Promise<SigningKeys> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = `dev-${randomUUID()}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
    return new SigningKeys([{ kid, privateKey, publicJwk }]);
  }
}
