import { loadConfig } from '@slotline/config';
import { GatewayConfig } from './gateway.config';

describe(GatewayConfig.name, () => {
  it.each([
    ['development', 100],
    ['test', 10],
    ['production', 10],
  ])('allows %s a sign-in tier of %i requests per window by default', (nodeEnv, points) => {
    const sut = loadConfig(GatewayConfig, { NODE_ENV: nodeEnv });
    expect(sut.authRateLimitPoints).toBe(points);
  });

  it('takes RATE_LIMIT_AUTH_POINTS when it is set, in any environment', () => {
    const sut = loadConfig(GatewayConfig, { NODE_ENV: 'development', RATE_LIMIT_AUTH_POINTS: '7' });
    expect(sut.authRateLimitPoints).toBe(7);
  });
});
