import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { GATEWAY_HELMET_OPTIONS } from './configure-http';
import { helmetHeaderOps, securityHeaders } from './security-headers';

describe(securityHeaders.name, () => {
  const served = (middleware: express.RequestHandler) =>
    request(
      express()
        .use(middleware)
        .get('/x', (_req, res) => void res.json({ ok: true })),
    ).get('/x');

  it('sends exactly the headers helmet sends for the gateway’s configuration', async () => {
    const [ours, theirs] = await Promise.all([
      served(securityHeaders(GATEWAY_HELMET_OPTIONS)),
      served(helmet(GATEWAY_HELMET_OPTIONS)),
    ]);
    const drop = (h: Record<string, string>) => {
      const { date: _date, ...rest } = h;
      return rest;
    };
    expect(drop(ours.headers)).toEqual(drop(theirs.headers));
    expect(ours.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(Object.keys(ours.headers)).toEqual(Object.keys(theirs.headers));
  });

  it('refuses a configuration whose headers depend on the request', () => {
    expect(() =>
      helmetHeaderOps({
        contentSecurityPolicy: { directives: { scriptSrc: [(_req, res) => `'nonce-${String(res)}'`] } },
      }),
    ).toThrow(/per request/);
  });
});
