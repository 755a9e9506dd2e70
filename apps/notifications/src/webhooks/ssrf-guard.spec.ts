import { AppError } from '@slotline/errors';
import { HostResolver, ResolvedAddress, SsrfGuard } from './ssrf-guard';

/** A resolver that answers from a table, as a hostile DNS server would. */
function resolverOf(table: Record<string, string[]>): HostResolver {
  return async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const DNS = resolverOf({
  'hooks.example.com': ['93.184.215.14'],
  'v6.example.com': ['2606:4700:4700::1111'],
  'localhost.example.com': ['127.0.0.1'],
  'private.example.com': ['10.1.2.3'],
  'mixed.example.com': ['93.184.215.14', '192.168.1.10'],
  'metadata.example.com': ['169.254.169.254'],
  'mapped.example.com': ['::ffff:10.0.0.1'],
  'ula.example.com': ['fd12:3456::1'],
  'empty.example.com': [],
  localhost: ['127.0.0.1', '::1'],
});

async function refusal(sut: SsrfGuard, url: string): Promise<string | null> {
  try {
    await sut.check(url);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BR_WEBHOOK_URL_REFUSED');
    return (err as AppError).message;
  }
}

describe(SsrfGuard.name, () => {
  const sut = new SsrfGuard({ allowInsecure: false }, DNS);

  // Hostile URLs and what their host resolves to; every one must be refused outside development.
  const HOSTILE: Array<[string, string]> = [
    ['plain http', 'http://hooks.example.com/h'],
    ['another scheme', 'ftp://hooks.example.com/h'],
    ['file URL', 'file:///etc/passwd'],
    ['gopher smuggling', 'gopher://hooks.example.com:70/_POST'],
    ['port 8080', 'https://hooks.example.com:8080/h'],
    ['port 22', 'https://hooks.example.com:22/h'],
    ['credentials in the URL', `https://${['user', 'pass'].join(':')}@hooks.example.com/h`],
    ['not a URL', 'hooks.example.com/h'],
    ['IPv4 loopback', 'https://127.0.0.1/h'],
    ['loopback outside 127.0.0.1', 'https://127.8.9.10/h'],
    ['decimal IPv4', 'https://2130706433/h'],
    ['octal IPv4', 'https://0177.0.0.1/h'],
    ['hex IPv4', 'https://0x7f.0x0.0x0.0x1/h'],
    ['short IPv4', 'https://127.1/h'],
    ['0.0.0.0', 'https://0.0.0.0/h'],
    ['RFC 1918 10/8', 'https://10.0.0.5/h'],
    ['RFC 1918 172.16/12', 'https://172.20.1.1/h'],
    ['RFC 1918 192.168/16', 'https://192.168.0.1/h'],
    ['AWS/GCP/Azure metadata', 'https://169.254.169.254/latest/meta-data/'],
    ['link-local', 'https://169.254.10.10/h'],
    ['carrier-grade NAT (Alibaba metadata)', 'https://100.100.100.200/h'],
    ['Oracle metadata (192.0.0.0/24)', 'https://192.0.0.192/h'],
    ['multicast', 'https://224.0.0.251/h'],
    ['broadcast', 'https://255.255.255.255/h'],
    ['reserved 240/4', 'https://240.0.0.1/h'],
    ['benchmarking 198.18/15', 'https://198.18.0.1/h'],
    ['IPv6 loopback', 'https://[::1]/h'],
    ['IPv6 unspecified', 'https://[::]/h'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/h'],
    ['IPv4-mapped IPv6 metadata (hex)', 'https://[::ffff:a9fe:a9fe]/h'],
    ['IPv4-compatible IPv6', 'https://[::127.0.0.1]/h'],
    ['IPv6 link-local', 'https://[fe80::1]/h'],
    ['IPv6 unique-local', 'https://[fc00::1]/h'],
    ['AWS IPv6 metadata', 'https://[fd00:ec2::254]/h'],
    ['IPv6 site-local', 'https://[fec0::1]/h'],
    ['IPv6 multicast', 'https://[ff02::1]/h'],
    ['NAT64 to a private address', 'https://[64:ff9b::a00:1]/h'],
    ['6to4 to a private address', 'https://[2002:a00:1::1]/h'],
    ['Teredo', 'https://[2001:0:4136:e378::1]/h'],
    ['IPv6 documentation', 'https://[2001:db8::1]/h'],
    ['localhost by name', 'https://localhost/h'],
    ['name resolving to loopback', 'https://localhost.example.com/h'],
    ['name resolving to a private address', 'https://private.example.com/h'],
    ['name with one private address among public ones', 'https://mixed.example.com/h'],
    ['name resolving to metadata', 'https://metadata.example.com/h'],
    ['name resolving to IPv4-mapped private', 'https://mapped.example.com/h'],
    ['name resolving to unique-local', 'https://ula.example.com/h'],
    ['name that does not resolve', 'https://nowhere.example.com/h'],
    ['name with no addresses', 'https://empty.example.com/h'],
  ];

  it(`has at least 25 hostile cases (${HOSTILE.length})`, () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(25);
  });

  it.each(HOSTILE)('refuses %s: %s', async (_name, url) => {
    expect(await refusal(sut, url)).not.toBeNull();
  });

  it.each([
    ['https://hooks.example.com/h', '93.184.215.14'],
    ['https://hooks.example.com:443/h', '93.184.215.14'],
    ['https://v6.example.com/h', '2606:4700:4700::1111'],
    ['https://8.8.8.8/h', '8.8.8.8'],
    ['https://[2606:4700::1111]/h', '2606:4700::1111'],
  ])('accepts %s and pins the connection to %s', async (url, address) => {
    const target = await sut.check(url);
    expect(target.address).toBe(address);
    expect(target.url.href).toBe(new URL(url).href);
  });

  it('names the reason without echoing more than the host', async () => {
    expect(await refusal(sut, 'https://metadata.example.com/latest?token=abc')).toContain(
      'link-local address (169.254.169.254)',
    );
  });

  describe('with WEBHOOK_ALLOW_INSECURE_URLS (development)', () => {
    const dev = new SsrfGuard({ allowInsecure: true }, DNS);

    it('accepts http, any port and loopback, for a local receiver', async () => {
      await expect(dev.check('http://127.0.0.1:4567/h')).resolves.toMatchObject({ address: '127.0.0.1' });
      await expect(dev.check('http://localhost:8080/h')).resolves.toMatchObject({ address: '127.0.0.1' });
      await expect(dev.check('http://[::1]:8080/h')).resolves.toMatchObject({ address: '::1' });
    });

    it.each([
      'http://10.0.0.5/h',
      'http://169.254.169.254/h',
      'http://[fd00:ec2::254]/h',
      'http://metadata.example.com/h',
      'ftp://127.0.0.1/h',
    ])('still refuses %s', async (url) => {
      expect(await refusal(dev, url)).not.toBeNull();
    });
  });
});
