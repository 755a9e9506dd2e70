import type { ClientContext } from '@slotline/contracts';
import { GatewayRequest } from './authenticated-request';

/** The client facts a command carries for the session record and audit events (never from the body). */
export function clientOf(req: GatewayRequest): ClientContext {
  const agent = req.headers['user-agent'];
  return { ip: (req.ip ?? 'unknown').slice(0, 64), ...(agent ? { user_agent: agent.slice(0, 512) } : {}) };
}
