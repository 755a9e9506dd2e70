import Fastify, { FastifyInstance } from 'fastify';
import { gunzipSync } from 'node:zlib';
import { configureResponses } from './configure-http';
import { COMPRESSION_THRESHOLD } from './response-compression';

describe('the gateway’s answers: ETag, 304, Vary and compression', () => {
  let sut: FastifyInstance;
  const large = { items: Array.from({ length: 200 }, (_, i) => ({ id: `item-${i}`, name: 'a name' })) };

  beforeAll(async () => {
    sut = Fastify();
    await configureResponses(sut);
    sut.get('/small', async () => ({ ok: true }));
    sut.get('/large', async () => large);
    sut.get('/png', async (_req, reply) => reply.type('image/png').send(Buffer.alloc(4096)));
    sut.get('/origin', async (_req, reply) => reply.header('Vary', 'Origin').send(large));
    await sut.ready();
  });

  afterAll(() => sut.close());

  it('sends a body under the threshold as it is, with Vary and a weak ETag', async () => {
    const res = await sut.inject({ url: '/small', headers: { 'accept-encoding': 'gzip' } });

    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBe('accept-encoding');
    expect(res.headers.etag).toMatch(/^W\/"/);
    expect(res.json()).toEqual({ ok: true });
  });

  it('compresses a larger body with gzip when accepted, naming accept-encoding once in Vary', async () => {
    const plain = await sut.inject({ url: '/origin' });
    const res = await sut.inject({ url: '/origin', headers: { 'accept-encoding': 'gzip' } });

    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESSION_THRESHOLD);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Origin, accept-encoding');
    expect(JSON.parse(gunzipSync(res.rawPayload).toString())).toEqual(large);
    // The tag is over the plain bytes, so it is the same whatever the encoding.
    expect(res.headers.etag).toBe(plain.headers.etag);
  });

  it('neither compresses nor varies a type that is not compressible', async () => {
    const res = await sut.inject({ url: '/png', headers: { 'accept-encoding': 'gzip' } });

    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
  });

  it('answers 304 without a body, Content-Type or Content-Length to a matching If-None-Match', async () => {
    const first = await sut.inject({ url: '/large' });
    const again = await sut.inject({
      url: '/large',
      headers: { 'if-none-match': String(first.headers.etag), 'cache-control': 'no-cache' },
    });
    const stale = await sut.inject({ url: '/large', headers: { 'if-none-match': 'W/"old"' } });

    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers['content-length']).toBeUndefined();
    expect(again.headers['content-type']).toBeUndefined();
    expect(stale.statusCode).toBe(200);
  });
});
