import { Controller, Inject } from '@nestjs/common';
import { PLATFORM_RPC, PingReply } from '@slotline/contracts';
import { ReadinessCheck } from '@slotline/health';
import { RpcClient, RpcHandler } from '@slotline/messaging';
import { SERVICE_NAME } from './tokens';

/** Every service answers the platform ping (its queue group is the service name). */
@Controller()
export class ServicePingController {
  constructor(@Inject(SERVICE_NAME) private readonly service: string) {}

  @RpcHandler(PLATFORM_RPC.ping)
  ping(): PingReply {
    return { service: this.service };
  }
}

const PING_TIMEOUT_MS = 1000;

/**
 * The gateway's readiness: ready while at least one service answers. One service down degrades
 * only its routes (503 SYS_UPSTREAM_UNAVAILABLE); with none the gateway can serve nothing but errors,
 * so a load balancer should stop sending it traffic.
 */
export function anyServiceReadiness(rpc: RpcClient): ReadinessCheck {
  return {
    name: 'services',
    check: async () => {
      try {
        await rpc.request(PLATFORM_RPC.ping, {}, { timeoutMs: PING_TIMEOUT_MS });
      } catch {
        throw new Error(`no service answers on NATS (${PLATFORM_RPC.ping.subject})`);
      }
    },
  };
}
