import { createServer, Server } from 'node:net';
import { describeUnreachable, findUnreachable, platformDependencies } from './preflight';

async function listening(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

async function closedPort(): Promise<number> {
  const { server, port } = await listening();
  await new Promise((r) => server.close(r));
  return port;
}

describe('npm start preflight', () => {
  it('names the one that is down, where it was looked for and how to start it', async () => {
    const up = await listening();
    const down = await closedPort();
    try {
      const deps = platformDependencies({
        ADMIN_DATABASE_URL: `postgres://postgres@127.0.0.1:${up.port}/postgres`,
        NATS_URL: `nats://127.0.0.1:${down}`,
      });

      const sut = await findUnreachable(deps);

      expect(sut.map((u) => u.dependency.name)).toEqual(['NATS']);
      const message = describeUnreachable(sut, '/nonexistent');
      expect(message).toContain(`NATS is not reachable at 127.0.0.1:${down} (NATS_URL): connection refused`);
      expect(message).toContain('start it: mkdir -p /var/lib/nats-server && start-stop-daemon');
      expect(message).toContain('-js');
      expect(message).toContain('bash .ci/run');
      expect(message).not.toContain('PostgreSQL');
    } finally {
      up.server.close();
    }
  });

  it('checks PostgreSQL and NATS at their defaults, and Redis only when REDIS_URL is set', () => {
    expect(platformDependencies({}).map((d) => [d.name, d.addresses])).toEqual([
      ['PostgreSQL', ['127.0.0.1:5432']],
      ['NATS', ['127.0.0.1:4222']],
    ]);
    const withRedis = platformDependencies({ REDIS_URL: 'redis://cache.internal', NATS_URL: 'a:1, b:2' });
    expect(withRedis.map((d) => d.addresses)).toEqual([
      ['127.0.0.1:5432'],
      ['a:1', 'b:2'],
      ['cache.internal:6379'],
    ]);
  });

  it('counts NATS as up when any server of the list answers', async () => {
    const up = await listening();
    const down = await closedPort();
    try {
      const deps = platformDependencies({ NATS_URL: `127.0.0.1:${down},127.0.0.1:${up.port}` }).filter(
        (d) => d.name === 'NATS',
      );
      expect(await findUnreachable(deps)).toEqual([]);
    } finally {
      up.server.close();
    }
  });
});
