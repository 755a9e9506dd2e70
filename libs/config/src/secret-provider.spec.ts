// Fixture connection strings below carry made-up passwords, on purpose.
// secretlint-disable @secretlint/secretlint-rule-database-connection-string
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsOptional, IsString } from 'class-validator';
import { DatabaseConfig } from './database.config';
import { ConfigValidationError, configVariableNames, loadConfig } from './load-config';
import {
  ChainedSecrets,
  EnvironmentSecrets,
  MountedFileSecrets,
  PrefetchedSecrets,
  SecretFetcher,
} from './secret-provider';

class SecretConfig extends DatabaseConfig {
  @IsString()
  @IsOptional()
  API_KEY?: string;

  override productionProblems(): string[] {
    return this.isProduction && !this.API_KEY ? ['API_KEY: required in production'] : [];
  }
}

describe('secret providers', () => {
  let dir: string;
  const secretFile = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'slotline-secrets-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe(MountedFileSecrets.name, () => {
    it('reads NAME from the file NAME_FILE points at, without its trailing newline', () => {
      const env = { DATABASE_URL_FILE: secretFile('db-url', 'postgres://svc:s3cret@db:5432/slotline\n') };
      const sut = loadConfig(SecretConfig, env);
      expect(sut.DATABASE_URL).toBe('postgres://svc:s3cret@db:5432/slotline');
    });

    it('satisfies a production refusal from a mounted file, as a Kubernetes Secret volume would', () => {
      const env = {
        NODE_ENV: 'production',
        DATABASE_URL_FILE: secretFile('db-url-prod', 'postgres://svc:s3cret@db:5432/slotline'),
        API_KEY_FILE: secretFile('api-key', 'k-123\n'),
      };
      expect(loadConfig(SecretConfig, env).API_KEY).toBe('k-123');
      expect(() => loadConfig(SecretConfig, { ...env, API_KEY_FILE: undefined })).toThrow(/API_KEY/);
    });

    it('refuses NAME and NAME_FILE together, and names an unreadable file', () => {
      const both = { API_KEY: 'a', API_KEY_FILE: secretFile('both', 'b') };
      expect(() => loadConfig(SecretConfig, both)).toThrow(/API_KEY or API_KEY_FILE, not both/);
      try {
        loadConfig(SecretConfig, { API_KEY_FILE: join(dir, 'missing'), HTTP_PORT: '-1' });
        throw new Error('expected a ConfigValidationError');
      } catch (err) {
        const problems = (err as ConfigValidationError).problems.join('\n');
        expect(problems).toMatch(/API_KEY_FILE: cannot read .*missing \(ENOENT\)/);
        expect(problems).toMatch(/HTTP_PORT/);
      }
    });

    it('validates a value read from a file like any other', () => {
      const env = { MESSAGING_RETENTION_HOURS_FILE: secretFile('hours', 'zero') };
      expect(() => loadConfig(SecretConfig, env)).toThrow(/MESSAGING_RETENTION_HOURS/);
    });
  });

  describe(PrefetchedSecrets.name, () => {
    it('answers from values fetched before start-up, ahead of the environment', async () => {
      const asked: string[] = [];
      const vault: SecretFetcher = {
        fetch: async (name) => {
          asked.push(name);
          return name === 'API_KEY' ? 'from-the-vault' : undefined;
        },
      };
      const env = { API_KEY: 'from-env', LOG_LEVEL: 'warn' };
      const sut = loadConfig(
        SecretConfig,
        env,
        new ChainedSecrets(
          await PrefetchedSecrets.fetch(['API_KEY', 'DATABASE_URL'], vault),
          new EnvironmentSecrets(env),
        ),
      );
      expect(asked).toEqual(['API_KEY', 'DATABASE_URL']);
      expect(sut.API_KEY).toBe('from-the-vault');
      expect(sut.LOG_LEVEL).toBe('warn');
    });
  });

  describe(configVariableNames.name, () => {
    it('lists defaulted and optional settings, inherited ones included, but no getters', () => {
      const names = configVariableNames(SecretConfig);
      expect(names).toEqual(
        expect.arrayContaining(['API_KEY', 'DATABASE_URL', 'NODE_ENV', 'OTEL_EXPORTER_OTLP_ENDPOINT']),
      );
      expect(names).not.toContain('isProduction');
    });
  });
});
