import 'reflect-metadata';
import { Transform, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

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
 * Reads one app's settings from the environment into a validated schema class. Defaults live on the
 * class's property initialisers; a missing or malformed variable stops start-up with every problem
 * listed at once. `production()` hooks let a schema refuse local defaults in production.
 */
export function loadConfig<T extends object>(
  schema: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(schema, defined, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const problems = flatten(validateSync(config, { whitelist: false, skipMissingProperties: false }));
  const productionCheck = (config as { productionProblems?: () => string[] }).productionProblems;
  if (typeof productionCheck === 'function') problems.push(...productionCheck.call(config));
  if (problems.length) throw new ConfigValidationError(problems);
  return config;
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
