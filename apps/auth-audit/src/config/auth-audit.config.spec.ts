import { loadConfig } from '@slotline/config';
import path from 'node:path';
import { AuthAuditConfig, DEV_SIGNING_KEY_FILE } from './auth-audit.config';

const PRODUCTION_SECRETS = {
  DATABASE_URL: 'postgres://slotline_auth:pw@db:5432/slotline',
  AUTH_JWT_PRIVATE_JWKS: '[]',
  AUTH_TOTP_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
};

describe(AuthAuditConfig.name, () => {
  it.each([
    ['development', 20, 500],
    ['test', 5, 50],
    ['production', 5, 50],
  ])('throttles failed sign-ins in %s at %i per account and %i per IP by default', (nodeEnv, account, ip) => {
    const sut = loadConfig(AuthAuditConfig, { NODE_ENV: nodeEnv, ...PRODUCTION_SECRETS });
    expect([sut.loginMaxFailuresPerAccount, sut.loginMaxFailuresPerIp]).toEqual([account, ip]);
  });

  it('takes the LOGIN_MAX_FAILURES_* values when they are set', () => {
    const sut = loadConfig(AuthAuditConfig, {
      NODE_ENV: 'development',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_IP: '4',
    });
    expect([sut.loginMaxFailuresPerAccount, sut.loginMaxFailuresPerIp]).toEqual([3, 4]);
  });

  it('keeps the development signing key in a local file in development only', () => {
    const file = (env: Record<string, string>) => loadConfig(AuthAuditConfig, env).devSigningKeyFile;

    expect(file({ NODE_ENV: 'development' })).toBe(path.resolve(DEV_SIGNING_KEY_FILE));
    expect(file({ NODE_ENV: 'test' })).toBeUndefined();
    expect(file({ NODE_ENV: 'test', AUTH_DEV_SIGNING_KEY_FILE: '/tmp/k.json' })).toBe('/tmp/k.json');
    expect(
      file({ NODE_ENV: 'production', AUTH_DEV_SIGNING_KEY_FILE: '/tmp/k.json', ...PRODUCTION_SECRETS }),
    ).toBeUndefined();
  });
});
