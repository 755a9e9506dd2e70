/**
 * The bare stack's HTTP edge for `npm run bench:me`: plain node:http, the same EdDSA access token
 * verified with jose against the same JWKS (fetched once from the gateway), then one NATS request.
 * Nothing else: no framework, no logs, no metrics, no traces. It is the floor Slotline is measured against.
 */
import { createServer } from 'node:http';
import { createLocalJWKSet, JSONWebKeySet, jwtVerify } from 'jose';
import { connect, JSONCodec } from 'nats';
// The issuer's own constants, without the rest of the contracts package (its DTOs need reflect-metadata).
import { ACCESS_TOKEN } from '../../libs/contracts/src/auth/auth.subjects';

const PORT = Number(process.env.BARE_EDGE_PORT);
const SUBJECT = String(process.env.BARE_SUBJECT);
const JWKS_URL = String(process.env.BARE_JWKS_URL);

async function main(): Promise<void> {
  const keys = createLocalJWKSet((await (await fetch(JWKS_URL)).json()) as JSONWebKeySet);
  const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
  const codec = JSONCodec();
  const reply = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (req.url !== '/v1/me' || !token) return reply(res, 401, { code: 'AUTH_UNAUTHENTICATED' });
    jwtVerify(token, keys, {
      issuer: ACCESS_TOKEN.issuer,
      audience: ACCESS_TOKEN.audience,
      typ: ACCESS_TOKEN.type,
      algorithms: [ACCESS_TOKEN.algorithm],
      requiredClaims: ['sub', 'exp', 'iat', 'nbf'],
    })
      .then(({ payload }) => nc.request(SUBJECT, codec.encode({ user_id: payload.sub }), { timeout: 5000 }))
      .then((msg) => {
        const profile = codec.decode(msg.data);
        reply(res, profile ? 200 : 404, profile ?? { code: 'NF_USER' });
      })
      .catch(() => reply(res, 401, { code: 'AUTH_TOKEN_INVALID' }));
  }).listen(PORT, '127.0.0.1', () => process.send?.('ready'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
