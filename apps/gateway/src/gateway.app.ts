import { StartOptions } from '@slotline/bootstrap';
import { GatewayConfig } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { configureGatewayHttp } from './http/configure-http';
import { redisReadiness } from './http/redis-readiness';

/** How the gateway starts; main.ts and the end-to-end tests share it. */
export function gatewayApp(
  overrides: Partial<StartOptions<GatewayConfig>> = {},
): StartOptions<GatewayConfig> {
  return {
    service: 'gateway',
    configSchema: GatewayConfig,
    rootModule: (platform, config) => GatewayModule.register(platform, config),
    configureHttp: (app, config, logger) => configureGatewayHttp(app, config, logger),
    readiness: (config) => (config.REDIS_URL ? [redisReadiness(config.REDIS_URL)] : []),
    ...overrides,
  };
}
