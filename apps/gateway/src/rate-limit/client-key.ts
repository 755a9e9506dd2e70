import { isIPv6 } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** What the auth guard puts on the request before any rate limiting runs. */
interface MaybeAuthenticated {
  user?: { id?: string } | null;
}

/**
 * The partition a request is counted in: the user when authenticated (so NAT-ed offices don't share a
 * quota), else the client IP. `req.ip` honours Fastify's `trustProxy` option, which the app must set
 * to the ingress hops, or every client would share the proxy's address.
 */
export function rateLimitKeyOf(req: FastifyRequest): string {
  const userId = (req as FastifyRequest & MaybeAuthenticated).user?.id;
  if (userId) return `user:${userId}`;
  return `ip:${normalizeIp(req.ip ?? req.socket?.remoteAddress ?? 'unknown')}`;
}

/**
 * IPv4-mapped addresses become plain IPv4; an IPv6 address is cut to its /64, because one subscriber
 * usually holds a whole /64 and could otherwise rotate addresses to dodge the limit.
 */
export function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(ip: string): string[] {
  const [head, tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((h) => h.toLowerCase().replace(/^0+(?=.)/, ''));
}
