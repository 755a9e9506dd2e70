import { createServer } from 'node:net';

/** Below Linux's ephemeral range (32768–60999), so no outgoing connection of another test can hold them. */
const LOWEST = 10000;
const HIGHEST = 32000;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive free ports on 127.0.0.1, for processes that take their ports as
 * configuration (`PORT_BASE`, `HTTP_PORT`). A random base outside the ephemeral range, checked free:
 * tests that ran processes on `20000 + random(20000)` collided now and then with a client socket of
 * another test (EADDRINUSE at start-up).
 */
export async function freePortRange(count: number): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST - count));
    let free = true;
    for (let port = base; free && port < base + count; port++) free = await bindable(port);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports between ${LOWEST} and ${HIGHEST}`);
}
