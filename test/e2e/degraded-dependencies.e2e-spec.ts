import { AddressInfo, createServer, Server, Socket, connect as tcpConnect } from 'node:net';
import request from 'supertest';
import { uniqueEmail } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';

const PASSWORD = 'a long enough passphrase';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP relay to the real NATS server that the test can cut and restore: "the broker is down" for one gateway. */
class NatsLink {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = tcpConnect(4222, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const closed = new Promise((r) => this.server?.close(r));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

async function signIn(http: ReturnType<typeof request>): Promise<string> {
  const email = uniqueEmail();
  await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
  return (await http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200)).body
    .access_token;
}

/** OPS: a dependency outage degrades the gateway instead of taking it down, and it recovers by itself. */
describe('the gateway with a dependency down', () => {
  describe('Redis unreachable', () => {
    let platform: TestPlatform;

    beforeAll(async () => {
      // Nothing listens on port 1: Redis is down from the start.
      platform = await TestPlatform.start({
        apps: ['auth-audit', 'gateway'],
        appEnv: { gateway: { REDIS_URL: 'redis://127.0.0.1:1' } },
      });
    });
    afterAll(() => platform.stop());

    it('stays ready, serves requests with per-replica limits, and says so in its metrics', async () => {
      const http = request(platform.url());
      const ready = await http.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(Object.keys(ready.body.info)).not.toContain('redis');
      const token = await signIn(http);
      const me = await http.get('/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.headers['ratelimit-policy']).toBeDefined();
      const metrics = await http.get('/metrics').expect(200);
      expect(metrics.text).toMatch(/^rate_limit_store_degraded\S* 1$/m);
      expect(platform.logs.get('gateway')!.text()).toContain('rate_limit_store_unavailable');
    });
  });

  describe('NATS unreachable', () => {
    let platform: TestPlatform;
    const link = new NatsLink();

    beforeAll(async () => {
      await link.up();
      platform = await TestPlatform.start({
        apps: ['auth-audit', 'gateway'],
        appEnv: { gateway: { NATS_URL: `nats://127.0.0.1:${link.port}`, NATS_REQUEST_TIMEOUT_MS: '10000' } },
      });
    });
    afterAll(async () => {
      await platform.stop();
      await link.down();
    });

    it('fails fast with 503 while the broker is down and recovers without a restart', async () => {
      const http = request(platform.url());
      const token = await signIn(http);
      const auth = { Authorization: `Bearer ${token}` };
      await http.get('/v1/me').set(auth).expect(200);

      await link.down();
      await sleep(200);
      const started = Date.now();
      const refused = await http.get('/v1/me').set(auth);
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('SYS_UPSTREAM_UNAVAILABLE');
      // Not the 10 s request timeout: refused at once while the connection is known to be down.
      expect(Date.now() - started).toBeLessThan(5000);

      await link.up();
      let status = 0;
      for (let i = 0; i < 60 && status !== 200; i++) {
        await sleep(250);
        status = (await http.get('/v1/me').set(auth)).status;
      }
      expect(status).toBe(200);
    }, 60_000);
  });
});
