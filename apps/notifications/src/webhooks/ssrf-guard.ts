import { AppError } from '@slotline/errors';
import ipaddr from 'ipaddr.js';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to (A and AAAA). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The target of one request: the URL and the address that was checked, which is the one connected to. */
export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export interface SsrfPolicy {
  /** Development only: http, any port and loopback addresses. */
  allowInsecure: boolean;
}

const dnsResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

// ipaddr.js names every special-purpose block (RFC 6890); only plain global unicast may be a target.
// These are not special to it but must not be reached either.
const EXTRA_REFUSED_V6 = [
  ipaddr.parseCIDR('::/96'), // IPv4-compatible (deprecated): ::127.0.0.1
  ipaddr.parseCIDR('fec0::/10'), // site-local (deprecated)
] as const;

const RANGE_NAMES: Record<string, string> = {
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'site-local',
  rfc6052: 'NAT64',
  rfc6145: 'IPv4-translated',
};

/**
 * The SSRF guard for webhook URLs (GW-8), run at registration and before every attempt: https on 443
 * (or 80), no credentials in the URL, and every address the host resolves to must be global unicast —
 * no private, loopback, link-local (cloud metadata), multicast, unique-local, carrier-grade NAT,
 * reserved, NAT64/6to4/Teredo or IPv4-mapped forms of them. The caller connects to the address
 * checked here (`CheckedTarget.address`), so DNS cannot change between check and connect.
 */
export class SsrfGuard {
  constructor(
    private readonly policy: SsrfPolicy,
    private readonly resolve: HostResolver = dnsResolver,
  ) {}

  async check(rawUrl: string): Promise<CheckedTarget> {
    const url = this.parse(rawUrl);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const addresses = isIP(host)
      ? [{ address: host, family: isIP(host) as 4 | 6 }]
      : await this.resolveHost(host);
    if (addresses.length === 0) throw refused(`${host} does not resolve`);
    for (const { address } of addresses) {
      const problem = this.addressProblem(address);
      if (problem) throw refused(`${host} resolves to ${problem}`);
    }
    const [first] = addresses;
    return { url, address: first.address, family: first.family };
  }

  private parse(rawUrl: string): URL {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw refused('not an absolute URL');
    }
    const insecure = this.policy.allowInsecure;
    if (url.protocol !== 'https:' && !(insecure && url.protocol === 'http:'))
      throw refused(insecure ? 'only http and https URLs' : 'only https URLs');
    if (url.username || url.password) throw refused('credentials in the URL');
    if (url.port && !insecure && !['443', '80'].includes(url.port)) throw refused('only ports 443 and 80');
    if (!url.hostname) throw refused('no host');
    return url;
  }

  private async resolveHost(host: string): Promise<ResolvedAddress[]> {
    try {
      return await this.resolve(host);
    } catch {
      throw refused(`${host} does not resolve`);
    }
  }

  /** null when the address may be connected to, else what it is. */
  addressProblem(address: string): string | null {
    if (!ipaddr.isValid(address)) return 'an invalid address';
    // Unwraps IPv4-mapped IPv6 (::ffff:10.0.0.1), so the IPv4 rules apply to it.
    const ip = ipaddr.process(address);
    const range = ip.range();
    if (range === 'loopback' && this.policy.allowInsecure) return null;
    if (range !== 'unicast') return `a ${RANGE_NAMES[range] ?? range} address (${ip.toString()})`;
    if (ip.kind() === 'ipv6') {
      const v6 = ip as ipaddr.IPv6;
      if (EXTRA_REFUSED_V6.some((cidr) => v6.match(cidr))) return `a reserved address (${ip.toString()})`;
    }
    return null;
  }
}

function refused(reason: string): AppError {
  return new AppError('BR_WEBHOOK_URL_REFUSED', `The webhook URL is refused: ${reason}.`, [
    { field: 'url', code: 'webhook_url_refused', message: reason },
  ]);
}
