import { readFileSync } from 'node:fs';

/**
 * Where one setting's value comes from (OPS-4). `loadConfig` asks its provider for each property of a
 * config class, so every app reads secrets the same way and none reads a secret file of its own.
 *
 * `get` is synchronous because configuration is read once, before anything starts. An adapter for a
 * cloud secret manager fetches its values before start-up (`PrefetchedSecrets.fetch`) and answers from
 * memory afterwards.
 */
export interface SecretProvider {
  /** The value of `name`, or undefined when this provider has none (then the class default applies). */
  get(name: string): string | undefined;
}

type Env = Record<string, string | undefined>;

const present = (value: string | undefined): value is string => value !== undefined && value !== '';

/** Plain environment variables. */
export class EnvironmentSecrets implements SecretProvider {
  constructor(private readonly env: Env) {}

  get(name: string): string | undefined {
    const value = this.env[name];
    return present(value) ? value : undefined;
  }
}

/**
 * `NAME_FILE=/path` reads NAME from a mounted file (a Kubernetes Secret volume, a Docker secret), so the
 * value never appears in the process environment. One trailing newline is dropped: `echo` and most
 * editors add one. Setting both NAME and NAME_FILE is refused, since it is never clear which one wins.
 */
export class MountedFileSecrets implements SecretProvider {
  constructor(private readonly env: Env) {}

  get(name: string): string | undefined {
    const path = this.env[`${name}_FILE`];
    if (!present(path)) return undefined;
    if (present(this.env[name])) {
      throw new SecretSourceError(`${name}: set either ${name} or ${name}_FILE, not both`);
    }
    let content: string;
    try {
      content = readFileSync(path, 'utf8');
    } catch (err) {
      throw new SecretSourceError(
        `${name}_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    return content.replace(/\r?\n$/, '');
  }
}

/** The first provider that has a value wins. */
export class ChainedSecrets implements SecretProvider {
  private readonly providers: SecretProvider[];

  constructor(...providers: SecretProvider[]) {
    this.providers = providers;
  }

  get(name: string): string | undefined {
    for (const provider of this.providers) {
      const value = provider.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }
}

/** What a cloud secret manager client must offer (AWS Secrets Manager, GCP Secret Manager, Vault, …). */
export interface SecretFetcher {
  fetch(name: string): Promise<string | undefined>;
}

/**
 * Values fetched once from a remote secret manager before start-up: the shape of a cloud adapter.
 * Use it first in a chain, e.g.
 * `new ChainedSecrets(await PrefetchedSecrets.fetch(['AUTH_TOTP_ENCRYPTION_KEY'], client), defaultSecretProvider(env))`.
 */
export class PrefetchedSecrets implements SecretProvider {
  private constructor(private readonly values: ReadonlyMap<string, string>) {}

  static async fetch(names: readonly string[], fetcher: SecretFetcher): Promise<PrefetchedSecrets> {
    const entries = await Promise.all(names.map(async (name) => [name, await fetcher.fetch(name)] as const));
    return new PrefetchedSecrets(
      new Map(entries.filter((entry): entry is readonly [string, string] => present(entry[1]))),
    );
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }
}

export class SecretSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretSourceError';
  }
}

/** What every app uses unless told otherwise: a mounted file (`NAME_FILE`), else the variable itself. */
export function defaultSecretProvider(env: Env): SecretProvider {
  return new ChainedSecrets(new MountedFileSecrets(env), new EnvironmentSecrets(env));
}
