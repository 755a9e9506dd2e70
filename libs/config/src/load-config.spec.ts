import { IsBoolean, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { BaseConfig } from './base.config';
import { ConfigValidationError, EnvBoolean, loadConfig } from './load-config';

class SampleConfig extends BaseConfig {
  @IsInt()
  @Min(1)
  WORKERS: number = 2;

  @IsString()
  SECRET: string = 'dev-secret';

  override productionProblems(): string[] {
    return this.isProduction && this.SECRET === 'dev-secret'
      ? ['SECRET: the local default is refused in production']
      : [];
  }
}

describe(loadConfig.name, () => {
  it('applies defaults and converts numbers', () => {
    const sut = loadConfig(SampleConfig, { WORKERS: '4' });
    expect(sut.WORKERS).toBe(4);
    expect(sut.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(sut.NODE_ENV).toBe('development');
  });

  it('lists every bad variable at once', () => {
    expect(() => loadConfig(SampleConfig, { WORKERS: '0', NODE_ENV: 'staging' })).toThrow(
      ConfigValidationError,
    );
    try {
      loadConfig(SampleConfig, { WORKERS: '0', NODE_ENV: 'staging' });
    } catch (err) {
      const problems = (err as ConfigValidationError).problems.join('\n');
      expect(problems).toMatch(/WORKERS/);
      expect(problems).toMatch(/NODE_ENV/);
    }
  });

  it('reads the events stream replica count, 1 by default, at most 5', () => {
    expect(loadConfig(SampleConfig, {}).NATS_STREAM_REPLICAS).toBe(1);
    expect(loadConfig(SampleConfig, { NATS_STREAM_REPLICAS: '3' }).NATS_STREAM_REPLICAS).toBe(3);
    expect(() => loadConfig(SampleConfig, { NATS_STREAM_REPLICAS: '6' })).toThrow(/NATS_STREAM_REPLICAS/);
  });

  it('refuses local defaults in production', () => {
    expect(() => loadConfig(SampleConfig, { NODE_ENV: 'production' })).toThrow(/SECRET/);
    expect(loadConfig(SampleConfig, { NODE_ENV: 'production', SECRET: 'real' }).isProduction).toBe(true);
  });
});

class FlagConfig extends BaseConfig {
  @EnvBoolean()
  @IsBoolean()
  @IsOptional()
  FEATURE_ON?: boolean;
}

describe(EnvBoolean.name, () => {
  it.each([
    ['false', false],
    ['0', false],
    ['off', false],
    ['true', true],
    ['1', true],
    ['yes', true],
  ])('reads %s as %s', (raw, expected) => {
    expect(loadConfig(FlagConfig, { FEATURE_ON: raw }).FEATURE_ON).toBe(expected);
  });

  it('refuses a value that is not a boolean', () => {
    expect(() => loadConfig(FlagConfig, { FEATURE_ON: 'maybe' })).toThrow(/FEATURE_ON/);
  });
});
