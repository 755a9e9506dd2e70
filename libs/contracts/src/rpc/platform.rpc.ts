import { defineRpc } from './define-rpc';

export interface PingReply {
  service: string;
}

/**
 * `platform.ping` is answered by every service (auth-audit, scheduling, notifications, payouts), each in
 * its own queue group: one request reaches one replica of each, and the first reply wins. The gateway's
 * readiness uses it to tell "no backend service at all" from "one service down".
 */
export const PLATFORM_RPC = {
  ping: defineRpc<Record<string, never>, PingReply>('platform.ping'),
} as const;
