import * as argon2 from 'argon2';

export interface Argon2Params {
  memoryKib: number;
  iterations: number;
}

/** argon2id with parallelism 1; `dummyVerify` spends the same time when the account does not exist. */
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  constructor(private readonly params: Argon2Params) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.params.memoryKib,
      timeCost: this.params.iterations,
      parallelism: 1,
    });
  }

  verify(hash: string, password: string): Promise<boolean> {
    return argon2.verify(hash, password).catch(() => false);
  }

  async dummyVerify(password: string): Promise<void> {
    this.dummyHash ??= this.hash('not-a-real-password-but-same-cost');
    await this.verify(await this.dummyHash, password);
  }
}
