import { JWK, KeyLike, exportJWK, generateKeyPair, importJWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

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

  /**
   * The configured key set; without one, the development key kept in `devKeyFile` (created on first
   * use) so a restart keeps every token valid; without a file either, a throw-away key.
   */
  static async fromConfig(privateJwksJson: string | undefined, devKeyFile?: string): Promise<SigningKeys> {
    if (privateJwksJson) return SigningKeys.parse(privateJwksJson, 'AUTH_JWT_PRIVATE_JWKS');
    if (devKeyFile) return SigningKeys.fromDevFile(devKeyFile);
    return SigningKeys.generate();
  }

  private static async parse(privateJwksJson: string, source: string): Promise<SigningKeys> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(privateJwksJson);
    } catch {
      throw new Error(`${source} is not valid JSON`);
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown[] })?.keys;
    if (!Array.isArray(list) || list.length === 0) throw new Error(`${source} must hold at least one key`);
    const keys = await Promise.all(
      (list as JWK[]).map(async (jwk) => {
        if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d || !jwk.kid) {
          throw new Error(`${source}: every key must be an Ed25519 private JWK with a kid`);
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
    return (await SigningKeys.generateWithJwk()).keys;
  }

  private static async generateWithJwk(): Promise<{ keys: SigningKeys; privateJwk: JWK }> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = `dev-${randomUUID()}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid };
    return { keys: new SigningKeys([{ kid, privateKey, publicJwk }]), privateJwk };
  }

  /** Reads the development key file, or generates a key and writes it there (owner-only, atomically). */
  private static async fromDevFile(file: string): Promise<SigningKeys> {
    const stored = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (stored !== undefined) return SigningKeys.parse(stored, file);
    const { keys, privateJwk } = await SigningKeys.generateWithJwk();
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ keys: [privateJwk] }, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, file);
    return keys;
  }
}
