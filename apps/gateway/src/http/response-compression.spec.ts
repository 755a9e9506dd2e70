import compression from 'compression';
import express from 'express';
import path from 'node:path';
import request from 'supertest';
import { COMPRESSION_THRESHOLD, responseCompression } from './response-compression';

describe(responseCompression.name, () => {
  const small = { id: 'u-1', email: 'someone@example.com', roles: ['customer'] };
  const large = { items: Array.from({ length: 100 }, (_, i) => ({ id: `item-${i}`, name: 'x'.repeat(20) })) };

  const app = (middleware: express.RequestHandler) =>
    express()
      .use(middleware)
      .get('/v1/small', (_req, res) => void res.json(small))
      .get('/v1/large', (_req, res) => void res.json(large))
      .get('/v1/object', (_req, res) => void res.send(small))
      .get('/v1/no-transform', (_req, res) => void res.set('Cache-Control', 'no-transform').json(small))
      .get('/v1/bytes', (_req, res) => void res.type('image/png').send(Buffer.from('not really a png')))
      .get('/v1/empty', (_req, res) => void res.status(204).send())
      .get('/metrics', (_req, res) => void res.type('text/plain').send('metric 1\n'.repeat(200)))
      .get('/docs/assets/file.js', (_req, res) => void res.sendFile(path.resolve(__filename)));

  const theirs = app(compression());
  const ours = app(responseCompression());

  /** Status, headers (in order, without Date) and body of one request to both apps. */
  async function both(method: 'get' | 'head', url: string, headers: Record<string, string> = {}) {
    const [a, b] = await Promise.all(
      [theirs, ours].map(async (server) => {
        const res = await request(server)[method](url).set(headers);
        const { date: _date, ...rest } = res.headers as Record<string, string>;
        return { status: res.status, headers: rest, order: Object.keys(rest), body: res.text ?? res.body };
      }),
    );
    return { theirs: a, ours: b };
  }

  it.each([
    ['a small JSON answer', '/v1/small'],
    ['a large JSON answer', '/v1/large'],
    ['an object sent with send', '/v1/object'],
    ['an answer that forbids transforms', '/v1/no-transform'],
    ['a type compression does not compress', '/v1/bytes'],
    ['an empty 204', '/v1/empty'],
    ['a large answer outside /v1', '/metrics'],
    ['a file sent with sendFile', '/docs/assets/file.js'],
  ])('answers %s exactly as compression does', async (_name, url) => {
    for (const encoding of ['gzip, deflate', 'identity']) {
      const { theirs: expected, ours: actual } = await both('get', url, { 'Accept-Encoding': encoding });
      expect(actual).toEqual(expected);
    }
  });

  it('sends a small answer unencoded with Vary, and a large one gzipped', async () => {
    const smallRes = await request(ours).get('/v1/small').set('Accept-Encoding', 'gzip');
    expect(smallRes.headers['content-encoding']).toBeUndefined();
    expect(smallRes.headers.vary).toBe('Accept-Encoding');
    expect(Number(smallRes.headers['content-length'])).toBeLessThan(COMPRESSION_THRESHOLD);
    const largeRes = await request(ours).get('/v1/large').set('Accept-Encoding', 'gzip');
    expect(largeRes.headers['content-encoding']).toBe('gzip');
    expect(largeRes.body).toEqual(large);
  });

  it('answers a HEAD and a conditional GET (304) exactly as compression does', async () => {
    const head = await both('head', '/v1/small', { 'Accept-Encoding': 'gzip' });
    expect(head.ours).toEqual(head.theirs);
    const etag = (await request(theirs).get('/v1/small')).headers.etag;
    const conditional = await both('get', '/v1/small', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
    expect(conditional.ours.status).toBe(304);
    expect(conditional.ours).toEqual(conditional.theirs);
  });
});
