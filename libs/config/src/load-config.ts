import 'reflect-metadata';
import { Transform, plainToInstance } from 'class-transformer';
import { ValidationError, getMetadataStorage, validateSync } from 'class-validator';
import { SecretProvider, SecretSourceError, defaultSecretProvider } from './secret-provider';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`),
    ...flatten(e.children ?? []),
  ]);
}

/**
 * Reads one app's settings into a validated schema class. Each property of the class is asked of
 * `secrets` (by default a mounted `NAME_FILE`, else the variable NAME of `env`; see secret-provider.ts).
 * Defaults live on the class's property initialisers; a missing or malformed variable stops start-up
 * with every problem listed at once. `productionProblems()` lets a schema refuse local defaults in
 * production.
 */
export function loadConfig<T extends object>(
  schema: new () => T,
  env: Record<string, string | undefined> = process.env,
  secrets: SecretProvider = defaultSecretProvider(env),
): T {
  const problems: string[] = [];
  const defined: Record<string, string> = {};
  for (const name of configVariableNames(schema)) {
    try {
      const value = secrets.get(name);
      if (value !== undefined) defined[name] = value;
    } catch (err) {
      if (!(err instanceof SecretSourceError)) throw err;
      problems.push(err.message);
    }
  }
  const config = plainToInstance(schema, defined, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  problems.push(...flatten(validateSync(config, { whitelist: false, skipMissingProperties: false })));
  const productionCheck = (config as { productionProblems?: () => string[] }).productionProblems;
  if (typeof productionCheck === 'function') problems.push(...productionCheck.call(config));
  if (problems.length) throw new ConfigValidationError(problems);
  return config;
}

/**
 * Every variable a config class reads: its properties with a default and those with validation rules
 * (an optional setting has rules but no initialiser). The `.env.example` test lists them from here.
 */
export function configVariableNames(schema: new () => object): string[] {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(schema, '', true, false)
    .map((m) => m.propertyName);
  return [...new Set([...Object.keys(new schema()), ...validated])].sort();
}

/** Env booleans: implicit conversion would turn the string 'false' into true. */
export function parseEnvBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  return value;
}

/**
 * For boolean settings. Reads the raw string (`obj[key]`), because implicit conversion has already
 * turned any non-empty string, 'false' included, into `true` by the time `value` arrives.
 */
export const EnvBoolean = () =>
  Transform(({ obj, key }) => parseEnvBoolean((obj as Record<string, unknown>)[key]));
