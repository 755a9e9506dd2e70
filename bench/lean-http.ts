/**
 * GETs made the way a lean HTTP client makes them: `node:http` on one kept-alive connection, the body
 * gunzipped and parsed in one call each — the same work on the answer as `fetch`, without undici's own
 * tail. Against a trivial server sending the same gzipped 129 kB availability page, `fetch` + `text()` +
 * `JSON.parse` took p50 2.0 ms but p99 13.7 ms on the benchmark machine (web streams, a zlib stream through
 * the thread pool, finalisers), this 1.2 / 5.7 ms: docs/performance.md, "Availability p99, sixth pass".
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface LeanReply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export class LeanJsonClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly base: URL;

  constructor(base: string) {
    this.base = new URL(base);
  }

  get(path: string, token: string): Promise<LeanReply> {
    return new Promise((resolve, reject) => {
      const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' };
      const { hostname, port } = this.base;
      const req = http.get({ hostname, port, path, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          try {
            const raw = Buffer.concat(chunks);
            const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString(
              'utf8',
            );
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
          } catch (err) {
            reject(err);
          }
        });
      });
      req.on('error', reject);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
