import Fastify, { FastifyInstance, onRequestHookHandler } from 'fastify';
import helmet from 'helmet';
import { GATEWAY_HELMET_OPTIONS } from './configure-http';
import { helmetHeaderOps, securityHeaders } from './security-headers';

describe(securityHeaders.name, () => {
  const apps: FastifyInstance[] = [];
  const served = async (hook: onRequestHookHandler) => {
    const app = Fastify().addHook('onRequest', hook);
    apps.push(app);
    app.get('/x', async () => ({ ok: true }));
    return app.inject({ method: 'GET', url: '/x' });
  };

  afterAll(() => Promise.all(apps.map((app) => app.close())));

  it('sends exactly the headers helmet sends for the gateway’s configuration', async () => {
    const theirsHelmet = helmet(GATEWAY_HELMET_OPTIONS);
    const [ours, theirs] = await Promise.all([
      served(securityHeaders(GATEWAY_HELMET_OPTIONS)),
      served((req, reply, done) => theirsHelmet(req.raw, reply.raw, (err) => done(err as Error | undefined))),
    ]);
    const drop = (h: Record<string, unknown>) => {
      const { date: _date, ...rest } = h;
      return rest;
    };
    expect(drop(ours.headers)).toEqual(drop(theirs.headers));
    expect(ours.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(Object.keys(ours.headers).sort()).toEqual(Object.keys(theirs.headers).sort());
  });

  it('refuses a configuration whose headers depend on the request', () => {
    expect(() =>
      helmetHeaderOps({
        contentSecurityPolicy: { directives: { scriptSrc: [(_req, res) => `'nonce-${String(res)}'`] } },
      }),
    ).toThrow(/per request/);
  });
});
