import compression from 'compression';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { compressWholeBody } from './whole-body-compression';

const OPTIONS = { threshold: 1024, level: zlib.constants.Z_BEST_SPEED };

interface Raw {
  status: number;
  headers: string[];
  body: Buffer;
}

/** Status, raw header lines in order (without Date) and the body bytes exactly as they came. */
function fetchRaw(port: number, method: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const lines: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i].toLowerCase() !== 'date')
            lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        }
        resolve({ status: res.statusCode!, headers: lines, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe(compressWholeBody.name, () => {
  const page = JSON.stringify({
    items: Array.from({ length: 400 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i % 50).padStart(12, '0')}`,
      start: `2026-12-04T${String(9 + (i % 8)).padStart(2, '0')}:00:00Z`,
    })),
  });
  const routes = (app: express.Express) =>
    app
      .get('/v1/text', (_req, res) => void res.type('application/json').send(page))
      .get('/v1/bytes', (_req, res) => void res.type('application/json').send(Buffer.from(page)))
      .get(
        '/v1/no-transform',
        (_req, res) => void res.set('Cache-Control', 'public, no-transform').type('json').send(page),
      )
      .get('/v1/encoded', (_req, res) => void res.set('Content-Encoding', 'identity').type('json').send(page))
      .get('/v1/png', (_req, res) => void res.type('image/png').send(Buffer.from(page)))
      .get('/v1/small', (_req, res) => void res.type('json').send('{"ok":true}'));
  const servers: http.Server[] = [];
  const listen = (app: express.Express) =>
    new Promise<number>((resolve) => {
      const server = app.listen(0, () => resolve((server.address() as AddressInfo).port));
      servers.push(server);
    });
  let theirs: number;
  let ours: number;

  beforeAll(async () => {
    theirs = await listen(routes(express().use(compression(OPTIONS))));
    ours = await listen(
      routes(
        express().use((req, res, next) => {
          compressWholeBody(req, res, { threshold: OPTIONS.threshold, zlib: { level: OPTIONS.level } });
          next();
        }),
      ),
    );
  });
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  const encodings = [
    undefined,
    'gzip',
    'gzip, deflate',
    'deflate',
    'br',
    'gzip, deflate, br',
    'br;q=0.5, gzip',
    'gzip;q=0',
    'gzip;q=0, deflate',
    '*',
    'identity',
    'identity;q=0',
    'x-unknown',
    'GZIP',
  ];

  it.each(['/v1/text', '/v1/bytes', '/v1/no-transform', '/v1/encoded', '/v1/png', '/v1/small'])(
    'answers GET %s with compression’s status, headers and bytes for every Accept-Encoding',
    async (path) => {
      for (const encoding of encodings) {
        const headers: Record<string, string> = encoding === undefined ? {} : { 'Accept-Encoding': encoding };
        const [expected, actual] = await Promise.all(
          [theirs, ours].map((port) => fetchRaw(port, 'GET', path, headers)),
        );
        expect({ encoding, ...actual, body: undefined }).toEqual({ encoding, ...expected, body: undefined });
        if (actual.headers.includes('Content-Encoding: br')) {
          // brotli's one-shot and streamed outputs may cut blocks differently; the content is the same.
          expect(zlib.brotliDecompressSync(actual.body).toString()).toBe(page);
        } else {
          expect(actual.body.equals(expected.body)).toBe(true);
        }
      }
    },
  );

  it('answers a HEAD and a conditional GET (304) as compression does', async () => {
    for (const port of [theirs, ours]) expect((await fetchRaw(port, 'GET', '/v1/text', {})).status).toBe(200);
    const etag = (await fetchRaw(theirs, 'GET', '/v1/text', {})).headers
      .find((h) => h.startsWith('ETag: '))!
      .slice(6);
    for (const [method, headers] of [
      ['HEAD', { 'Accept-Encoding': 'gzip' }],
      ['GET', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag }],
    ] as const) {
      const [expected, actual] = await Promise.all(
        [theirs, ours].map((port) => fetchRaw(port, method, '/v1/text', headers)),
      );
      expect(actual).toEqual(expected);
    }
  });

  it('sends a gzipped body that decodes to the text, chunked, without Content-Length', async () => {
    const res = await fetchRaw(ours, 'GET', '/v1/bytes', { 'Accept-Encoding': 'gzip' });

    expect(res.headers).toEqual(
      expect.arrayContaining([
        'Content-Encoding: gzip',
        'Vary: Accept-Encoding',
        'Transfer-Encoding: chunked',
      ]),
    );
    expect(res.headers.some((h) => h.startsWith('Content-Length'))).toBe(false);
    expect(zlib.gunzipSync(res.body).toString()).toBe(page);
  });
});
