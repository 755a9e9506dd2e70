import { StartOptions } from '@slotline/bootstrap';
import { GatewayConfig } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { gatewayHttpEdge } from './http/configure-http';

/** How the gateway starts; main.ts and the end-to-end tests share it. */
export function gatewayApp(
  overrides: Partial<StartOptions<GatewayConfig>> = {},
): StartOptions<GatewayConfig> {
  return {
    service: 'gateway',
    configSchema: GatewayConfig,
    rootModule: (platform, config) => GatewayModule.register(platform, config),
    httpEdge: gatewayHttpEdge(),
    // Redis is not a readiness dependency: without it rate limits fall back to per-replica memory and
    // keyed requests get 503, while every other request is served. Taking every replica out of the load
    // balancer for a cache outage would be the full outage the fallback exists to avoid (docs/api/rate-limits.md).
    ...overrides,
  };
}
